#!/usr/bin/env bash
# Builds the kycd .deb with dpkg-deb (no packaging tool to install):
#   packaging/build-deb.sh BINARY MODELS_DIR OUT_DIR VERSION
# Layout: /usr/bin/kycd, /usr/share/kycd/models, /lib/systemd/system/kycd.service,
# /etc/kycd/config.yaml (conffile). Depends comes from dpkg-shlibdeps on the binary (the exact
# OpenCV/Tesseract runtime packages it links) plus the data packages it opens at run time.
# Prints the path of the .deb.
set -euo pipefail
bin=$1 models=$2 out=$3 version=$4
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)

for tool in dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || { echo "build-deb: $tool is missing (apt-get install dpkg-dev)" >&2; exit 1; }
done
[ -x "$bin" ] || { echo "build-deb: no binary at $bin (make build)" >&2; exit 1; }
[ -d "$models/face-api" ] && [ -d "$models/human" ] || { echo "build-deb: no models in $models (make models)" >&2; exit 1; }

# Debian versions must start with a digit: v1.2.3-4-gabc → 1.2.3+4.gabc; a bare hash → 0~git.HASH.
debver() {
  local v=${1#v}
  if [[ $v =~ ^[0-9]+\. ]]; then echo "$v" | sed 's/-/+/; s/-/./g'; else echo "0~git.${v//-/.}"; fi
}
deb_version=$(debver "$version")
arch=$(dpkg --print-architecture)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
install -d "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/kycd" "$root/lib/systemd/system" \
  "$root/etc/kycd" "$root/usr/share/doc/kycd"
install -m 0755 "$bin" "$root/usr/bin/kycd"
# The models, without the demo photos (test images, not needed on a kiosk).
mkdir -p "$root/usr/share/kycd/models"
(cd "$models" && find face-api human -path '*/demo' -prune -o -type f -print) | while read -r f; do
  install -D -m 0644 "$models/$f" "$root/usr/share/kycd/models/$f"
done
install -m 0644 "$repo/systemd/kycd.service" "$root/lib/systemd/system/kycd.service"
# The installed config: the example with the packaged paths.
sed -e 's|^data_dir: .*|data_dir: /var/lib/kycd              # StateDirectory of kycd.service|' \
    -e 's|^models_dir: .*|models_dir: /usr/share/kycd/models   # installed by the package|' \
    "$repo/config.example.yaml" >"$root/etc/kycd/config.yaml"
chmod 0640 "$root/etc/kycd/config.yaml"
install -m 0644 "$here/deb/copyright" "$root/usr/share/doc/kycd/copyright"
for s in postinst prerm postrm; do install -m 0755 "$here/deb/$s" "$root/DEBIAN/$s"; done
echo /etc/kycd/config.yaml >"$root/DEBIAN/conffiles"

# Shared libraries: dpkg-shlibdeps wants a debian/control next to it.
mkdir -p "$stage/src/debian"
printf 'Source: kycd\n\nPackage: kycd\nArchitecture: any\n' >"$stage/src/debian/control"
shlibs=$(cd "$stage/src" && dpkg-shlibdeps -O -e "$root/usr/bin/kycd" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$shlibs" ] || { echo "build-deb: dpkg-shlibdeps found no dependencies" >&2; exit 1; }
# Opened at run time, not linked: Tesseract language data, OpenCV's Haar cascades.
depends="$shlibs, tesseract-ocr-eng, tesseract-ocr-fra, tesseract-ocr-ara, opencv-data, passwd"

cat >"$root/DEBIAN/control" <<CONTROL
Package: kycd
Version: $deb_version
Architecture: $arch
Maintainer: kycd <kycd@localhost>
Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)
Depends: $depends
Recommends: ca-certificates, v4l-utils
Section: misc
Priority: optional
Homepage: https://github.com/kycd/kycd
Description: offline identity verification service for kiosks and front desks
 kycd reads identity documents and selfies, runs MRZ/OCR, face match, liveness and
 fraud checks locally, stores results encrypted at rest and serves a REST API on
 127.0.0.1:8080. Runs as the hardened systemd service kycd.service.
CONTROL

mkdir -p "$out"
deb="$out/kycd_${deb_version}_${arch}.deb"
# gzip: the models are float weights that xz barely shrinks, and gzip builds in seconds.
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >/dev/null
echo "$deb"
