#!/usr/bin/env bash
# Creates (once) a clean Debian 12 chroot for the package install test, cached under
# $KYCD_CHROOT (default /var/cache/kycd/bookworm): debootstrap minbase plus the runtime
# libraries the .deb depends on, so the test itself needs no network. Downloads come from
# Debian's mirror (the machine's apt source). Re-running on a finished chroot does nothing.
#   packaging/chroot.sh [DEBS_DEPENDS]   e.g. the Depends line of a built kycd .deb
set -euo pipefail
root=${KYCD_CHROOT:-/var/cache/kycd/bookworm}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "chroot.sh: needs root (debootstrap)" >&2; exit 1; }
command -v debootstrap >/dev/null || { echo "chroot.sh: debootstrap is not installed" >&2; exit 1; }

if [ ! -f "$root/.kycd-base" ]; then
  rm -rf "$root"
  mkdir -p "$root"
  debootstrap --variant=minbase bookworm "$root" "$mirror"
  touch "$root/.kycd-base"
fi

# The runtime packages: names only (the chroot is bookworm, so versions match by design).
deps=${1:-}
if [ -n "$deps" ]; then
  want=$(echo "$deps" | tr ',' '\n' | sed 's/(.*)//; s/|.*//; s/ //g' | grep -v '^$' | sort -u | tr '\n' ' ')
  if [ "$(cat "$root/.kycd-deps" 2>/dev/null)" != "$want" ]; then
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    # An install test that died half-way can leave kycd unconfigured, which makes apt refuse.
    chroot "$root" dpkg --purge kycd >/dev/null 2>&1 || true
    chroot "$root" apt-get update -qq
    chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $want
    chroot "$root" apt-get clean
    echo "$want" >"$root/.kycd-deps"
  fi
fi
echo "$root"
