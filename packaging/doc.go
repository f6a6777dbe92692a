// Package packaging holds the Debian packaging of kycd (build-deb.sh, the maintainer scripts in
// deb/, chroot.sh for the clean-install test) and, in its tests, the checks that the package
// builds, has the right contents and dependencies, and installs and runs on a clean Debian 12.
package packaging
