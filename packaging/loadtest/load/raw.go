package load

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// rawRequest writes req as is on a fresh TCP connection (for what net/http refuses to send:
// broken framing, invalid bytes, lies in Content-Length), optionally waits pause before closing
// the write side, and returns the status the server answered, 0 if it closed without one.
func rawRequest(ctx context.Context, t Target, req string, pause time.Duration) (int, error) {
	u, err := url.Parse(t.BaseURL)
	if err != nil {
		return 0, err
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", u.Host)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10*time.Second + pause))
	if _, err := conn.Write([]byte(req)); err != nil {
		return 0, nil // the server hung up mid-request: a fine answer
	}
	if pause > 0 {
		time.Sleep(pause)
		if tc, ok := conn.(*net.TCPConn); ok {
			tc.CloseWrite()
		}
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, nil
	}
	res.Body.Close()
	return res.StatusCode, nil
}

// head is the request line and headers of a raw request with the host and key filled in.
func head(t Target, method, path string, extra ...string) string {
	u, _ := url.Parse(t.BaseURL)
	var b strings.Builder
	b.WriteString(method + " " + path + " HTTP/1.1\r\nHost: " + u.Host + "\r\n")
	if t.Key != "" {
		b.WriteString("Authorization: Bearer " + t.Key + "\r\n")
	}
	for _, h := range extra {
		b.WriteString(h + "\r\n")
	}
	return b.String()
}

func contentLength(n int) string { return "Content-Length: " + strconv.Itoa(n) }

// holdSlowloris opens n connections that each send half a request and stall, checks /healthz
// still answers while they are held, then closes them. It returns how many it held and how
// long /healthz took.
func holdSlowloris(ctx context.Context, t Target, n int) (int, time.Duration) {
	u, _ := url.Parse(t.BaseURL)
	var conns []net.Conn
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := net.DialTimeout("tcp", u.Host, 5*time.Second)
			if err != nil {
				return
			}
			c.Write([]byte(head(t, "POST", "/v1/identity/verify", "Content-Type: application/json", contentLength(100000)) + "\r\n{\"document_type\":\"pass"))
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}()
	}
	wg.Wait()
	start := time.Now()
	ok := t.Healthy(ctx)
	took := time.Since(start)
	if !ok {
		took = -1
	}
	for _, c := range conns {
		c.Close()
	}
	return len(conns), took
}
