package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// The .deb is built once per test binary (it takes ~15 s) and shared by the tests.
var builtDeb struct {
	path string
	err  string
}

// debDir holds the package built by this test binary.
var debDir string

func TestMain(m *testing.M) {
	code := m.Run()
	if debDir != "" {
		os.RemoveAll(debDir)
	}
	os.Exit(code)
}

// deb returns the package under test: $KYCD_DEB (what `make package` built, as `make test` passes
// it), else one built here from $KYCD_BIN or a fresh `go build`. It skips, saying why, when the
// tools or the models are missing.
func deb(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("KYCD_DEB"); p != "" {
		return p
	}
	for _, tool := range []string{"dpkg-deb", "dpkg-shlibdeps"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed (apt-get install dpkg-dev): the .deb is not built or tested", tool)
		}
	}
	models := filepath.Join(repoRoot(t), "models")
	if _, err := os.Stat(filepath.Join(models, "face-api")); err != nil {
		t.Skip("no models/ (run make models): the .deb is not built or tested")
	}
	if builtDeb.path == "" && builtDeb.err == "" {
		builtDeb.path, builtDeb.err = buildDeb(t, models)
	}
	if builtDeb.err != "" {
		t.Fatal(builtDeb.err)
	}
	return builtDeb.path
}

func buildDeb(t *testing.T, models string) (string, string) {
	dir, err := os.MkdirTemp("", "kycd-deb-")
	if err != nil {
		return "", err.Error()
	}
	debDir = dir // removed by TestMain: the tests share the package
	bin := os.Getenv("KYCD_BIN")
	if bin == "" {
		bin = filepath.Join(dir, "kycd")
		cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-X github.com/kycd/kycd/daemon.Version=v0.0.0-test", "-o", bin, ".")
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", "go build: " + err.Error() + "\n" + string(out)
		}
	}
	out, err := exec.Command("bash", filepath.Join(repoRoot(t), "packaging", "build-deb.sh"),
		bin, models, filepath.Join(dir, "out"), "v0.0.0-test").Output()
	if err != nil {
		return "", "build-deb.sh: " + err.Error() + "\n" + stderrOf(err)
	}
	return strings.TrimSpace(string(out)), ""
}

// TestDebInfo checks the control data: name, a Debian version, the runtime libraries the
// binary links (as dpkg-shlibdeps found them) and the data packages it opens.
func TestDebInfo(t *testing.T) {
	p := deb(t)
	field := func(name string) string {
		out, err := exec.Command("dpkg-deb", "-f", p, name).Output()
		if err != nil {
			t.Fatalf("dpkg-deb -f %s: %v", name, err)
		}
		return strings.TrimSpace(string(out))
	}
	if got := field("Package"); got != "kycd" {
		t.Errorf("Package %q", got)
	}
	if v := field("Version"); v == "" || v[0] < '0' || v[0] > '9' {
		t.Errorf("Version %q does not start with a digit", v)
	}
	if a := field("Architecture"); a != debArch() {
		t.Errorf("Architecture %q, want %q", a, debArch())
	}
	depends := field("Depends")
	for _, want := range []string{
		"libopencv-core406", "libopencv-dnn406", "libopencv-imgcodecs406", "libopencv-imgproc406",
		"libopencv-objdetect406", "libopencv-videoio406", "libtesseract5",
		"tesseract-ocr-eng", "tesseract-ocr-fra", "tesseract-ocr-ara", "opencv-data",
	} {
		if !strings.Contains(", "+depends+",", ", "+want) {
			t.Errorf("Depends lacks %s: %s", want, depends)
		}
	}
	if strings.Contains(depends, "-dev") {
		t.Errorf("Depends names a -dev package: %s", depends)
	}
	out, err := exec.Command("dpkg-deb", "--info", p, "conffiles").Output()
	if err != nil || strings.TrimSpace(string(out)) != "/etc/kycd/config.yaml" {
		t.Errorf("conffiles %q (%v), want /etc/kycd/config.yaml", out, err)
	}
	for _, script := range []string{"postinst", "prerm", "postrm"} {
		if _, err := exec.Command("dpkg-deb", "--info", p, script).Output(); err != nil {
			t.Errorf("no %s: %v", script, err)
		}
	}
}

// TestDebContents checks every installed path with its mode.
func TestDebContents(t *testing.T) {
	out, err := exec.Command("dpkg-deb", "--contents", deb(t)).Output()
	if err != nil {
		t.Fatalf("dpkg-deb --contents: %v", err)
	}
	modes := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) >= 6 {
			modes[strings.TrimPrefix(f[5], ".")] = f[0] + " " + f[1]
		}
	}
	for path, want := range map[string]string{
		"/usr/bin/kycd":                    "-rwxr-xr-x root/root",
		"/lib/systemd/system/kycd.service": "-rw-r--r-- root/root",
		"/etc/kycd/config.yaml":            "-rw-r----- root/root",
		"/usr/share/kycd/models/face-api/face_recognition_model.bin": "-rw-r--r-- root/root",
		"/usr/share/kycd/models/human/antispoof.bin":                 "-rw-r--r-- root/root",
		"/usr/share/doc/kycd/copyright":                              "-rw-r--r-- root/root",
	} {
		if got, ok := modes[path]; !ok {
			t.Errorf("%s is missing", path)
		} else if got != want {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
	for path := range modes {
		if strings.Contains(path, "/demo/") || strings.HasPrefix(path, "/var/lib") {
			t.Errorf("%s should not be packaged", path)
		}
	}
}

func debArch() string {
	if runtime.GOARCH == "386" {
		return "i386"
	}
	return runtime.GOARCH
}

func repoRoot(t *testing.T) string {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(wd)
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
