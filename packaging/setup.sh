#!/usr/bin/env bash
# One-time (and idempotent) set-up: Debian packages, then .venv with the Python packages.
# A second run checks two stamps and returns in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed

missing=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  # python3-venv only matters for Debian's own Python; skip it if venv already works.
  if [[ "$pkg" == python3-venv ]] && "$PY" -c 'import ensurepip, venv' 2>/dev/null; then continue; fi
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done < packaging/debian-packages.txt
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing Debian packages; run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi

want=$(cat requirements.txt requirements-nodeps.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)
if [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then exit 0; fi
[[ -x $VENV/bin/python ]] || "$PY" -m venv "$VENV"
# Some machines' pip configuration names local mirrors that may be absent: drop only
# those "Location ... is ignored" lines, keep every other message.
pip_install() {
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "^WARNING: Location 'file:" || true; }
  return "${PIPESTATUS[0]}"
}
pip_install -r requirements.txt -r requirements-dev.txt
pip_install --no-deps -r requirements-nodeps.txt
pip_install --no-deps -e .
echo "$want" > "$STAMP"
echo "setup: .venv ready"
