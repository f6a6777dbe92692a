package api

import (
	"testing"
	"time"

	"github.com/kycd/kycd/capture"
	"github.com/kycd/kycd/capture/capturetest"
)

// A kiosk session auto-captures the card and the face from the cameras and submits them as
// one verification through the normal create path.
func TestSessionAutoCaptureAndSubmit(t *testing.T) {
	e := newCaptureEnv(t, []capture.Source{
		{Name: "doc", Spec: capturetest.CardVideo(t, 25, 50)},
		{Name: "face", Spec: capturetest.FaceVideo(t, 25, 50)},
	}, ocrCheck(t))
	k := e.keys[ScopeVerify]
	r := e.do("POST", "/v1/capture/sessions", k, map[string]any{"document_type": "cni", "country": "fr",
		"cameras": map[string]any{"document": "doc", "selfie": "face"}})
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id := r.json["id"].(string)
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/submit", k, nil); r.status != 409 || r.errCode() != "session_not_ready" {
		t.Errorf("submit before capture: %d %s", r.status, r.errCode())
	}
	for _, step := range []string{"document_front", "selfie"} {
		if r := e.do("POST", "/v1/capture/sessions/"+id+"/steps/"+step, k, nil); r.status != 202 {
			t.Fatalf("start %s: %d %s", step, r.status, r.body)
		}
	}
	for start := time.Now(); ; time.Sleep(100 * time.Millisecond) {
		r := e.do("GET", "/v1/capture/sessions/"+id, k, nil)
		steps := r.json["steps"].(map[string]any)
		front, selfie := steps["document_front"].(map[string]any), steps["selfie"].(map[string]any)
		if front["state"] == "captured" && selfie["state"] == "captured" {
			break
		}
		if time.Since(start) > 60*time.Second { // generous: the gates run on a loaded CI machine
			t.Fatalf("not captured: %s", r.body)
		}
	}
	r = e.do("POST", "/v1/capture/sessions/"+id+"/submit", k, map[string]any{"metadata": map[string]any{"kiosk": "k1"}})
	if r.status != 200 || r.json["object"] != "identity.verification" {
		t.Fatalf("submit: %d %s", r.status, r.body)
	}
	t.Logf("verification %s status %s checks %v", r.json["id"], r.json["status"], r.json["checks"])
	got := e.do("GET", "/v1/capture/sessions/"+id, k, nil)
	if got.json["status"] != "submitted" || got.json["verification_id"] != r.json["id"] {
		t.Errorf("session after submit: %s", got.body)
	}
	if again := e.do("POST", "/v1/capture/sessions/"+id+"/submit", k, nil); again.status != 409 {
		t.Errorf("second submit: %d", again.status)
	}
	if img := e.do("GET", "/v1/identity/verifications/"+r.json["id"].(string)+"/images/selfie", e.keys[ScopeReview], nil); img.status != 200 {
		t.Errorf("stored selfie: %d", img.status)
	}
}

func TestSessionErrors(t *testing.T) {
	e := newCaptureEnv(t, nil)
	k := e.keys[ScopeVerify]
	tests := []struct {
		name, method, path string
		body               any
		status             int
		code               string
	}{
		{"unknown camera", "POST", "/v1/capture/sessions", map[string]any{"document_type": "cni", "country": "FR", "cameras": map[string]any{"document": "x"}}, 400, "camera_not_found"},
		{"bad type", "POST", "/v1/capture/sessions", map[string]any{"document_type": "ticket", "country": "FR"}, 400, "invalid_enum"},
		{"unknown session", "GET", "/v1/capture/sessions/cap_nope", nil, 404, "not_found"},
		{"unknown step", "POST", "/v1/capture/sessions/cap_nope/steps/tattoo", nil, 404, "not_found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := e.do(tt.method, tt.path, k, tt.body); r.status != tt.status || r.errCode() != tt.code {
				t.Errorf("%d %s, want %d %s", r.status, r.errCode(), tt.status, tt.code)
			}
		})
	}
	r := e.do("POST", "/v1/capture/sessions", k, map[string]any{"document_type": "cni", "country": "FR"})
	id := r.json["id"].(string)
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/steps/document_front", k, nil); r.status != 400 || r.errCode() != "camera_not_found" {
		t.Errorf("auto-capture without camera: %d %s", r.status, r.errCode())
	}
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/steps/document_front", k, map[string]any{"image": b64(pngBytes(t, 320, 200))}); r.status != 200 {
		t.Errorf("upload: %d %s", r.status, r.body)
	}
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/steps/liveness", k, map[string]any{"image": b64(pngBytes(t, 320, 200))}); r.status != 400 {
		t.Errorf("liveness upload: %d", r.status)
	}
	// No engine check at all in this env: submit says so, as the verify route would.
	if r := e.do("POST", "/v1/capture/sessions/"+id+"/submit", k, nil); r.status != 422 || r.errCode() != "check_not_available" {
		t.Errorf("submit without checks: %d %s", r.status, r.body)
	}
}
