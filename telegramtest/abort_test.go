package telegramtest

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

// A client that goes away halfway through its body (a bot stopping mid-request) is not a request
// Telegram refused: the stand-in records that the client gave up, with no status.
func TestServer_BodyCutShortIsNoRefusal(t *testing.T) {
	s := newServer(t, Options{})
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL(), "http://"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "POST /bot%s/setMyCommands HTTP/1.1\r\nHost: x\r\n"+
		"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 500\r\n\r\n--b\r\n", s.Token())
	conn.Close()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		for _, r := range s.Requests() {
			if r.Method != "setMyCommands" {
				continue
			}
			if r.Status != 0 {
				t.Fatalf("a body cut short was answered %d %q, want no status", r.Status, r.Description)
			}
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the cut-short request was not recorded")
}
