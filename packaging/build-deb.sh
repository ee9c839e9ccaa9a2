#!/usr/bin/env bash
# Builds dist/branch-kiosk_<version>_<arch>.deb with debhelper (debian/), its Python
# environment assembled from .venv's runtime packages (packaging/deb/assemble_venv.py).
#   packaging/build-deb.sh             release build: xz compression, then lintian
#   packaging/build-deb.sh --quick     a test's build: gzip -1, no lintian, left in
#                                      build/deb-quick/ (so it never replaces a release)
# The source tree is copied to build/ first: dpkg-buildpackage writes beside its tree.
# The last line printed names the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0
[[ "${1:-}" == --quick ]] && QUICK=1

VENV=$(cd .venv && pwd -P)
version=$(dpkg-parsechangelog -S Version)
want=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -n1)
if [[ "$version" != "$want" ]]; then
  echo "build-deb: debian/changelog says $version, pyproject.toml says $want" >&2
  exit 2
fi

BUILD=build/deb
((QUICK)) && BUILD=build/deb-quick
SRC=$BUILD/branch-kiosk-$version
rm -rf "$BUILD"
mkdir -p "$SRC" dist
# Only what the package is made of (no .venv, tests, bench, build output).
tar -c --exclude=__pycache__ --exclude='*.pyc' --exclude='*.qm' \
  debian packaging kiosk devices ui hub locales assets README.md pyproject.toml \
  requirements.txt requirements-nodeps.txt | tar -x -C "$SRC"

if ((QUICK)); then compress="-Zgzip -z1"; else compress="-Zxz"; fi
(cd "$SRC" && KIOSK_BUILD_VENV="$VENV" KIOSK_DEB_COMPRESS="$compress" \
  dpkg-buildpackage -b -us -uc -d --no-check-builddeps -j1 >../build.log 2>&1) || {
  tail -n 40 "$BUILD/build.log" >&2
  echo "build-deb: dpkg-buildpackage failed (full log: $BUILD/build.log)" >&2
  exit 1
}
deb=$(ls "$BUILD"/branch-kiosk_"$version"_*.deb)
if ((!QUICK)); then
  # Errors fail the build; warnings and notes are shown.
  lintian --fail-on error "$deb"
  echo "build-deb: lintian found no errors"
  mv "$deb" dist/
  deb=dist/$(basename "$deb")
fi
echo "build-deb: $deb ($(du -h "$deb" | cut -f1))"
