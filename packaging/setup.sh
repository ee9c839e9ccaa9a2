#!/usr/bin/env bash
# One-time (and idempotent) set-up: Debian packages, then .venv with the Python packages.
# A first run says what it is doing, one line per phase (Debian packages, virtual
# environment, Python packages, models) and how long each took; a second run checks two
# stamps and returns quietly in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed

wanted=()
while read -r pkg; do
  [[ -z "$pkg" || "$pkg" == \#* ]] && continue
  # python3-venv only matters for Debian's own Python; skip it if venv already works.
  if [[ "$pkg" == python3-venv ]] && "$PY" -c 'import ensurepip, venv' 2>/dev/null; then continue; fi
  wanted+=("$pkg")
done < packaging/debian-packages.txt
# One dpkg-query for the whole list keeps the second run fast; unknown names print nothing.
installed=" $( ((${#wanted[@]})) && dpkg-query -W -f='${Status} ${Package}\n' "${wanted[@]}" 2>/dev/null \
  | awk '$1 == "install" && $3 == "installed" {print $4}' | tr '\n' ' ' || true) "
missing=()
for pkg in "${wanted[@]}"; do [[ "$installed" == *" ${pkg%%:*} "* ]] || missing+=("$pkg"); done

want=$(cat requirements.txt requirements-nodeps.txt requirements-dev.txt pyproject.toml | sha256sum | cut -c1-16)
if ((${#missing[@]} == 0)) && [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then exit 0; fi

started=$SECONDS
phase_start=$SECONDS
phase() { phase_start=$SECONDS; echo "setup: [$1/4] $2"; }
done_in() { echo "setup:       ${1:-done} ($((SECONDS - phase_start)) s)"; }

if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    phase 1 "Debian packages: installing ${#missing[@]} missing (${missing[*]})"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    done_in
  else
    echo "setup: missing Debian packages; run as root:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
else
  echo "setup: [1/4] Debian packages: all ${#wanted[@]} present"
fi
if [[ -f $STAMP && $(cat "$STAMP") == "$want" ]]; then exit 0; fi

# A venv whose creation was interrupted (Ctrl+C, power cut) has a python but no pip: redo it.
if [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
  echo "setup: [2/4] virtual environment: $VENV exists"
else
  [[ -e $VENV ]] && echo "setup:       $VENV is incomplete (no pip): creating it again"
  phase 2 "virtual environment: creating $VENV with $("$PY" -c 'import sys; print(sys.executable)')"
  "$PY" -m venv --clear "$VENV"
  done_in
fi
# Some machines' pip configuration names local mirrors that may be absent: drop only
# those "Location ... is ignored" lines, keep every other message.
pip_install() {
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "$@" 2>&1 \
    | { grep -v "^WARNING: Location 'file:" || true; }
  return "${PIPESTATUS[0]}"
}
# The packages that carry model files (dlib's face models, RapidOCR's PP-OCR models inside
# its wheel) are the largest downloads: they get their own phase so the wait is explained.
is_model() { [[ "$1" =~ ^(face_recognition_models|face[-_]recognition|rapidocr) ]]; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
: > "$tmp/packages.txt"; : > "$tmp/models.txt"
while read -r line; do
  [[ -z "$line" || "$line" == \#* ]] && continue
  if is_model "$line"; then echo "$line" >> "$tmp/models.txt"; else echo "$line" >> "$tmp/packages.txt"; fi
done < <(cat requirements.txt requirements-dev.txt)

phase 3 "Python packages: $(grep -c . "$tmp/packages.txt" || true) from requirements.txt and requirements-dev.txt (first time: a few minutes)"
pip_install -r "$tmp/packages.txt"
pip_install --no-deps -e .
done_in

models=$(cat "$tmp/models.txt" requirements-nodeps.txt | grep -v '^\s*\(#\|$\)' | tr '\n' ' ' || true)
phase 4 "models: ${models:-none listed }(face and OCR models ship inside these wheels; nothing is fetched at run time)"
if [[ -s $tmp/models.txt ]]; then pip_install -r "$tmp/models.txt"; fi
# face_recognition and rapidocr-onnxruntime without their dependencies (see requirements.txt).
pip_install --no-deps -r requirements-nodeps.txt
done_in
echo "$want" > "$STAMP"
echo "setup: .venv ready ($((SECONDS - started)) s)"
