# The two commands of the README: `make run` and `make test`. Both do all set-up first
# (Debian packages when root, .venv with the Python packages); a second run installs nothing.
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: setup run test lint screenshots bench clean package

setup:
	@bash packaging/setup.sh

run: setup
	$(VENV)/bin/kiosk run

test: setup
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

lint: setup
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots --out screenshots --sheet screenshots/contact-sheet.jpg

bench: setup
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	@for b in bench/*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) screenshots bench/results

# dist/branch-kiosk_<version>_amd64.deb (debhelper; lintian must report no errors).
package: setup
	@bash packaging/build-deb.sh
