# Two commands do everything (see README):
#   make atelier   installs what is missing, then opens the teacher app on http://127.0.0.1:8866
#   make test      installs what is missing, then runs the whole test suite
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.spirale-installed
# Debian packages: pango/harfbuzz/fonts (DejaVu, colour emoji) for WeasyPrint, poppler for the PNG previews of PDFs in tests,
# chromium for the end-to-end browser test.
DEB_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-color-emoji poppler-utils chromium

.PHONY: atelier test lint wheel-check bench system-deps install clean

atelier: install
	$(VENV)/bin/scenario-lib atelier

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

wheel-check: install
	bash .ci/wheel-check

bench: install
	for b in bench/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV) || { rm -rf $(VENV); \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv && python3 -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $(STAMP)

system-deps:
	@missing=$$(for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" != 0 ]; then echo "Paquets Debian manquants (à installer en root) : $$missing"; exit 1; fi; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache test-artifacts
