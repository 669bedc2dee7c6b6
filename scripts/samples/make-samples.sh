#!/usr/bin/env bash
# Regenerate public/samples/ (bundled real CT samples) from two Debian packages.
#
#   scripts/samples/make-samples.sh [OUT_DIR]     (default: <repo>/public/samples)
#
# Needs: apt-get (Debian sources configured), dpkg, and a Python 3 with numpy, nibabel and pydicom
# (Debian: python3-numpy python3-nibabel python3-pydicom). PYTHON overrides the interpreter
# (default /usr/bin/python3, Debian's, because pyenv shims may lack those modules).
# Output is deterministic: gzip mtime 0, fixed DICOM UIDs, no dates. See docs/samples.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="${1:-$repo/public/samples}"
python="${PYTHON:-/usr/bin/python3}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$work"
# apt-get download writes into the current folder; _apt may not be able to, which is harmless.
apt-get download invesalius-examples python3-imageio
for deb in ./*.deb; do
  dpkg -x "$deb" root
done
invesalius_version="$(dpkg-deb -f ./invesalius-examples_*.deb Version)"
imageio_version="$(dpkg-deb -f ./python3-imageio_*.deb Version)"

"$python" "$here/make_samples.py" \
  --inv3 root/usr/share/doc/invesalius-examples/examples/Cranium.inv3 \
  --npz "$(find root -path '*imageio/resources/images/stent.npz' | head -n 1)" \
  --invesalius-version "$invesalius_version" \
  --imageio-version "$imageio_version" \
  --out "$out"
