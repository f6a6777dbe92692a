package api

import (
	"fmt"
	"runtime"
	rtmetrics "runtime/metrics"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// metrics are kept by hand in Prometheus text format: a handful of counters does not justify a
// client library.
type metrics struct {
	mu            sync.Mutex
	requests      map[string]uint64 // "method route status"
	verifications map[string]uint64 // by status
	verifyCount   uint64
	verifySeconds float64
	started       time.Time
}

func newMetrics() *metrics {
	return &metrics{requests: map[string]uint64{}, verifications: map[string]uint64{}, started: time.Now()}
}

func (m *metrics) request(method, route string, status int) {
	m.mu.Lock()
	m.requests[fmt.Sprintf("%s\x00%s\x00%d", method, route, status)]++
	m.mu.Unlock()
}

func (m *metrics) verification(status string) {
	m.mu.Lock()
	m.verifications[status]++
	m.mu.Unlock()
}

func (m *metrics) observeVerify(d time.Duration) {
	m.mu.Lock()
	m.verifyCount++
	m.verifySeconds += d.Seconds()
	m.mu.Unlock()
}

// observe counts every request by its route pattern (not the raw path: ids would explode the
// label set).
func (s *Server) observe(c *fiber.Ctx) error {
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		if e, ok := err.(*Error); ok {
			status = e.Status
		} else if fe, ok := err.(*fiber.Error); ok {
			status = fe.Code
		} else {
			status = 500
		}
	}
	s.metrics.request(c.Method(), c.Route().Path, status)
	return err
}

func (s *Server) handleMetrics(c *fiber.Ctx) error {
	m := s.metrics
	var b strings.Builder
	m.mu.Lock()
	b.WriteString("# HELP kycd_http_requests_total HTTP requests by method, route and status.\n# TYPE kycd_http_requests_total counter\n")
	for _, k := range sortedKeys(m.requests) {
		p := strings.Split(k, "\x00")
		fmt.Fprintf(&b, "kycd_http_requests_total{method=%q,route=%q,status=%q} %d\n", p[0], p[1], p[2], m.requests[k])
	}
	b.WriteString("# HELP kycd_verifications_total Verifications stored, by status.\n# TYPE kycd_verifications_total counter\n")
	for _, k := range sortedKeys(m.verifications) {
		fmt.Fprintf(&b, "kycd_verifications_total{status=%q} %d\n", k, m.verifications[k])
	}
	b.WriteString("# HELP kycd_verify_duration_seconds Time spent running checks.\n# TYPE kycd_verify_duration_seconds summary\n")
	fmt.Fprintf(&b, "kycd_verify_duration_seconds_sum %g\nkycd_verify_duration_seconds_count %d\n", m.verifySeconds, m.verifyCount)
	uptime := time.Since(m.started).Seconds()
	m.mu.Unlock()

	if depth, err := s.db.OutboxDepth(); err == nil {
		fmt.Fprintf(&b, "# HELP kycd_outbox_depth Items waiting for upstream sync.\n# TYPE kycd_outbox_depth gauge\nkycd_outbox_depth %d\n", depth)
	}
	s.writeSyncMetrics(&b)
	if sp, err := s.db.Space(); err == nil {
		b.WriteString("# HELP kycd_db_file_bytes The database file's size.\n# TYPE kycd_db_file_bytes gauge\n")
		fmt.Fprintf(&b, "kycd_db_file_bytes %d\n", sp.FileBytes)
		b.WriteString("# HELP kycd_db_free_bytes Pages inside the database file that hold nothing and will be reused.\n# TYPE kycd_db_free_bytes gauge\n")
		fmt.Fprintf(&b, "kycd_db_free_bytes %d\n", sp.FreeBytes)
	}
	if s.nativeHeap != nil {
		inUse, held := s.nativeHeap()
		b.WriteString("# HELP kycd_native_heap_inuse_bytes C heap (OpenCV, Tesseract) handed out and not freed.\n# TYPE kycd_native_heap_inuse_bytes gauge\n")
		fmt.Fprintf(&b, "kycd_native_heap_inuse_bytes %d\n", inUse)
		b.WriteString("# HELP kycd_native_heap_held_bytes C heap held from the kernel (in use, and freed but kept by malloc).\n# TYPE kycd_native_heap_held_bytes gauge\n")
		fmt.Fprintf(&b, "kycd_native_heap_held_bytes %d\n", held)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintf(&b, "# TYPE kycd_uptime_seconds gauge\nkycd_uptime_seconds %g\n", uptime)
	fmt.Fprintf(&b, "# TYPE go_goroutines gauge\ngo_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintf(&b, "# TYPE go_memstats_heap_inuse_bytes gauge\ngo_memstats_heap_inuse_bytes %d\n", ms.HeapInuse)
	// The heap's in-use spans include garbage the next collection frees; what the last one
	// left alive is the figure that shows growth.
	live := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	rtmetrics.Read(live)
	if live[0].Value.Kind() == rtmetrics.KindUint64 {
		b.WriteString("# HELP go_gc_heap_live_bytes Go heap left alive by the last collection.\n")
		fmt.Fprintf(&b, "# TYPE go_gc_heap_live_bytes gauge\ngo_gc_heap_live_bytes %d\n", live[0].Value.Uint64())
	}
	c.Set(fiber.HeaderContentType, "text/plain; version=0.0.4")
	return c.SendString(b.String())
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
