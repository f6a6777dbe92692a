package e2e

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestHubDownThenUp: the hub is down (connection refused) while 200 verifications are made;
// once it is up they all arrive, each stored exactly once.
func TestHubDownThenUp(t *testing.T) {
	const n = 200
	h := newHubData(t)
	hubAddr := freePort(t)
	k := newKiosk(t, "http://"+hubAddr, h, "")
	kp := k.start(t)
	ids := createN(t, kp, k.key, n)

	status, st := call(t, "GET", kp.url()+"/v1/sync/status", k.key, nil)
	if status != 200 || st["enabled"] != true || st["outbox_depth"] != float64(n) || st["last_error"] == nil {
		t.Errorf("sync status while the hub is down: %d %v", status, st)
	}
	eventually(t, 10*time.Second, "the worker to wait for connectivity", func() bool {
		_, st := call(t, "GET", kp.url()+"/v1/sync/status", k.key, nil)
		return st["waiting"] == "connectivity"
	})

	hp := h.start(t, hubAddr)
	eventually(t, 60*time.Second, "the outbox to drain", func() bool {
		_, st := call(t, "GET", kp.url()+"/v1/sync/status", k.key, nil)
		return st["outbox_depth"] == float64(0)
	})
	_, st = call(t, "GET", kp.url()+"/v1/sync/status", k.key, nil)
	if st["last_success"] == nil || st["consecutive_failures"] != float64(0) || st["items_sent"] != float64(n) {
		t.Errorf("sync status after recovery: %v", st)
	}
	dev := deviceStats(t, hp.url(), h.key, h.deviceID)
	if dev["applied"] != float64(n) || dev["last_seq"] != float64(n) || dev["rejected"] != float64(0) {
		t.Errorf("hub device stats %v: want %d applied exactly once", dev, n)
	}
	if got := hubIDs(t, hp.url(), h.key, h.deviceID); strings.Join(sorted(got), ",") != strings.Join(sorted(ids), ",") {
		t.Errorf("hub holds %d verifications, want the kiosk's %d", len(got), len(ids))
	}
	status, v := call(t, "GET", hp.url()+"/v1/identity/verifications/"+ids[7], h.key, nil)
	if status != 200 || v["id"] != ids[7] || v["metadata"].(map[string]any)["n"] != float64(7) {
		t.Errorf("hub GET: %d %v", status, v)
	}
	metrics := fetch(t, kp.url()+"/metrics")
	for _, want := range []string{"kycd_outbox_depth 0", fmt.Sprintf("kycd_sync_items_sent_total %d", n)} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	kp.stop()
	hp.stop()
	checkSyncLog(t, kp.log())
}

// checkSyncLog: an outage is logged once, its end once, in the daemon's whole log (until
// the OCR binding stopped redirecting fd 2 during Tesseract's Init, two Inits at once could
// lose the rest of the log; a log without its shutdown line fails here).
func checkSyncLog(t *testing.T, logs string) {
	t.Helper()
	if !strings.Contains(logs, "msg=stopped") {
		t.Fatalf("the kiosk's log has no shutdown line: it was cut short\n%s", logs)
	}
	if c := strings.Count(logs, "upstream sync failed"); c != 1 {
		t.Errorf("the outage was logged %d times:\n%s", c, logs)
	}
	if !strings.Contains(logs, "upstream sync recovered") {
		t.Errorf("the recovery was not logged:\n%s", logs)
	}
}

// TestKill9MidBatch: the kiosk dies while the hub has stored a batch but before the answer
// arrives; after a restart nothing is lost and nothing is stored twice.
func TestKill9MidBatch(t *testing.T) {
	h := newHubData(t)
	hp := h.start(t, "127.0.0.1:0")
	px := newProxy(t, hp.url(), func(n int) string {
		if n == 1 {
			return hold
		}
		return pass
	})
	k := newKiosk(t, px.url(), h, "")
	kp := k.start(t)
	ids := createN(t, kp, k.key, 30)
	select {
	case <-px.held:
	case <-time.After(30 * time.Second):
		t.Fatal("no sync batch reached the hub")
	}
	kp.kill9()

	kp = k.start(t)
	ids = append(ids, createN(t, kp, k.key, 10)...)
	eventually(t, 60*time.Second, "every verification at the hub", func() bool {
		return deviceStats(t, hp.url(), h.key, h.deviceID)["applied"] == float64(len(ids))
	})
	time.Sleep(500 * time.Millisecond) // let a wrongly repeated batch show up, if any
	dev := deviceStats(t, hp.url(), h.key, h.deviceID)
	if dev["applied"] != float64(len(ids)) || dev["duplicates"].(float64) < 1 {
		t.Errorf("hub device stats %v: want %d applied and the held batch replayed", dev, len(ids))
	}
	px.checkOrder(t, ids)
	if got := hubIDs(t, hp.url(), h.key, h.deviceID); strings.Join(sorted(got), ",") != strings.Join(sorted(ids), ",") {
		t.Errorf("hub holds %d verifications, want %d", len(got), len(ids))
	}
	status, page := call(t, "GET", kp.url()+"/v1/identity/verifications?limit=100", k.key, nil)
	if data, _ := page["data"].([]any); status != 200 || len(data) != len(ids) {
		t.Errorf("kiosk lists %d verifications after kill -9, want %d", len(data), len(ids))
	}
	kp.stop()
	hp.stop()
}

// TestFlappingUpstream: every other request fails, hangs, or reaches the hub and loses its
// answer; everything is stored exactly once, in order.
func TestFlappingUpstream(t *testing.T) {
	h := newHubData(t)
	hp := h.start(t, "127.0.0.1:0")
	cycle := []string{fail, pass, hang, pass, lose, pass}
	px := newProxy(t, hp.url(), func(n int) string { return cycle[(n-1)%len(cycle)] })
	k := newKiosk(t, px.url(), h, "")
	kp := k.start(t)
	ids := createN(t, kp, k.key, 60)
	eventually(t, 120*time.Second, "every verification at the hub", func() bool {
		return deviceStats(t, hp.url(), h.key, h.deviceID)["applied"] == float64(len(ids))
	})
	eventually(t, 30*time.Second, "the outbox to drain", func() bool {
		_, st := call(t, "GET", kp.url()+"/v1/sync/status", k.key, nil)
		return st["outbox_depth"] == float64(0)
	})
	// A review and a delete after the fact follow the same path.
	if status, v := call(t, "DELETE", kp.url()+"/v1/identity/verifications/"+ids[0], k.key, nil); status != 200 {
		t.Fatalf("delete: %d %v", status, v)
	}
	eventually(t, 30*time.Second, "the delete at the hub", func() bool {
		_, v := call(t, "GET", hp.url()+"/v1/identity/verifications/"+ids[0], h.key, nil)
		return v["deleted"] == true
	})
	dev := deviceStats(t, hp.url(), h.key, h.deviceID)
	if dev["applied"] != float64(len(ids)+1) || dev["rejected"] != float64(0) {
		t.Errorf("hub device stats %v", dev)
	}
	px.checkOrder(t, ids)
	kp.stop()
	hp.stop()
}
