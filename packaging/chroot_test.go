package packaging

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestCleanDebianInstall installs the .deb with dpkg into a clean Debian 12 chroot (debootstrap
// minbase + the runtime libraries, cached by packaging/chroot.sh — `make test` prepares it),
// checks what postinst made (user in video, directories, key file, first admin key, enabled
// unit), runs the installed service command as the kycd user until /readyz is 200 and the admin
// key works, then purges the package and checks the data is gone.
func TestCleanDebianInstall(t *testing.T) {
	root := os.Getenv("KYCD_CHROOT")
	if root == "" {
		root = "/var/cache/kycd/bookworm"
	}
	if _, err := os.Stat(filepath.Join(root, ".kycd-deps")); err != nil {
		t.Skipf("no prepared Debian 12 chroot at %s (packaging/chroot.sh, needs root and debootstrap): clean install not tested", root)
	}
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot chroot; clean install not tested")
	}
	p := deb(t)
	// One test at a time per chroot: it is shared state.
	lock, err := os.OpenFile(filepath.Join(root, ".kycd-lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	// A previous run that died half-way leaves the package: start clean.
	exec.Command("chroot", root, "dpkg", "--purge", "kycd").Run()
	mountProc(t, root)

	debIn := filepath.Join(root, "tmp", "kycd.deb")
	mustRun(t, "cp", p, debIn)
	t.Cleanup(func() { os.Remove(debIn) })
	out := chrootRun(t, root, "dpkg", "-i", "/tmp/kycd.deb")
	t.Cleanup(func() { exec.Command("chroot", root, "dpkg", "--purge", "kycd").Run() })
	if !strings.Contains(out, "/etc/kycd/admin.key") {
		t.Errorf("postinst did not report the admin key:\n%s", out)
	}

	if groups := chrootRun(t, root, "id", "-nG", "kycd"); !strings.Contains(" "+groups, " video") {
		t.Errorf("kycd groups %q lack video", groups)
	}
	for path, want := range map[string]string{
		"/var/lib/kycd":          "700 kycd kycd",
		"/var/lib/kycd/kycd.key": "600 kycd kycd 32",
		"/etc/kycd":              "750 root kycd",
		"/etc/kycd/config.yaml":  "640 root kycd",
		"/etc/kycd/admin.key":    "600 root root",
	} {
		got := strings.TrimSpace(chrootRun(t, root, "stat", "-c", "%a %U %G %s", path))
		if !strings.HasPrefix(got, want) {
			t.Errorf("%s: %s, want %s", path, got, want)
		}
	}
	if _, err := os.Lstat(filepath.Join(root, "etc/systemd/system/multi-user.target.wants/kycd.service")); err != nil {
		t.Errorf("kycd.service not enabled: %v", err)
	}
	adminKey := strings.TrimSpace(chrootRun(t, root, "cat", "/etc/kycd/admin.key"))
	if !strings.HasPrefix(adminKey, "kycd_") {
		t.Fatalf("admin key %q", adminKey)
	}

	// The unit's ExecStart, as its User= and SupplementaryGroups=, on a free port. setpriv
	// execs (runuser would fork and not pass SIGTERM on).
	addr := freePort(t)
	runUntilReady(t, exec.Command("chroot", root, "setpriv", "--reuid=kycd", "--regid=kycd", "--init-groups", "--",
		"/usr/bin/kycd", "run", "--config", "/etc/kycd/config.yaml", "--listen", addr), adminKey)

	chrootRun(t, root, "dpkg", "--purge", "kycd")
	for _, gone := range []string{"var/lib/kycd", "etc/kycd", "usr/bin/kycd", "lib/systemd/system/kycd.service"} {
		if _, err := os.Stat(filepath.Join(root, gone)); err == nil {
			t.Errorf("/%s survived the purge", gone)
		}
	}
}

// mountProc gives the chroot a /proc (OpenCV reads /proc/cpuinfo) for the test's duration.
func mountProc(t *testing.T, root string) {
	proc := filepath.Join(root, "proc")
	if _, err := os.Stat(filepath.Join(proc, "self")); err == nil {
		return // already mounted
	}
	if err := syscall.Mount("proc", proc, "proc", 0, ""); err != nil {
		t.Logf("mounting /proc in the chroot: %v (continuing without)", err)
		return
	}
	t.Cleanup(func() { syscall.Unmount(proc, syscall.MNT_DETACH) })
}
