package daemon

import (
	"net"
	"os"
)

// notify sends a state line to systemd when it started us with Type=notify (NOTIFY_SOCKET set);
// otherwise it does nothing. This is the whole sd_notify protocol: one datagram per state.
func notify(state string) {
	sock := os.Getenv("NOTIFY_SOCKET")
	if sock == "" {
		return
	}
	if sock[0] == '@' { // abstract socket namespace
		sock = "\x00" + sock[1:]
	}
	conn, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: sock, Net: "unixgram"})
	if err != nil {
		return
	}
	defer conn.Close()
	conn.Write([]byte(state))
}
