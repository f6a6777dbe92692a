#!/usr/bin/env bash
# Fetches the pinned, MIT-licensed model packages from the npm registry, checks each tarball
# against its published sha512 integrity, and extracts the model files into $1 (default: models/).
# Idempotent: a package whose stamp file matches its integrity is not fetched again.
set -euo pipefail

dest=${1:-models}
mkdir -p "$dest"

# name version integrity subdir
pkgs=(
  "@vladmandic/face-api 1.7.15 sha512-WDMmK3CfNLo8jylWqMoQgf4nIst3M0fzx1dnac96wv/dvMTN4DxC/Pq1DGtduDk1lktCamQ3MIDXFnvrdHTXDw== face-api"
  "@vladmandic/human 3.3.6 sha512-Nr5mPfq1gQ+uKeXY5uM3Fj8UxvF5CEh2s6txM5wRThqaW0mF9huooOuZSrT8hhGho0hGaXLFdAwfD/2+teCv6A== human"
)

for row in "${pkgs[@]}"; do
  read -r name version integrity sub <<<"$row"
  stamp="$dest/$sub/.integrity"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$integrity" ]; then
    continue
  fi
  echo "fetching $name@$version" >&2
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
  tgz=$(ls "$tmp"/*.tgz)
  got="sha512-$(openssl dgst -sha512 -binary "$tgz" | base64 -w0)"
  if [ "$got" != "$integrity" ]; then
    echo "integrity mismatch for $name@$version: got $got want $integrity" >&2
    exit 1
  fi
  rm -rf "${dest:?}/$sub"
  mkdir -p "$dest/$sub"
  # Models and the demo photos only: the rest of the package (dist bundles) is not needed.
  # face-api keeps its weights in model/, human in models/.
  tar -xzf "$tgz" -C "$tmp" --wildcards 'package/model*/*' 'package/demo/*.jpg' 2>/dev/null || true
  for d in model models; do
    [ -d "$tmp/package/$d" ] && cp -r "$tmp/package/$d/." "$dest/$sub/"
  done
  if compgen -G "$tmp/package/demo/*.jpg" >/dev/null; then
    mkdir -p "$dest/$sub/demo"
    cp "$tmp"/package/demo/*.jpg "$dest/$sub/demo/"
  fi
  [ -n "$(ls "$dest/$sub")" ] || { echo "no model files in $name@$version" >&2; exit 1; }
  echo "$integrity" >"$stamp"
  rm -rf "$tmp"
  trap - EXIT
done
