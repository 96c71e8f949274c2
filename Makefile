# Two commands do everything on a fresh machine:
#   make site   install, then build the site from content/ into site/
#   make test   install (Chromium included), then run every test
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: site test serve validate bench clean

# requirements.lock pins every package, transitive ones included (regenerate with
# `.venv/bin/pip freeze --exclude-editable > requirements.lock` after changing pyproject.toml).
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Node.js and npm from Debian (debian:bookworm, the workflows' container, has neither). A rule that runs npm
# names $(NPM) after `|` (order-only): what matters is that npm is there, not its date, so an upgrade of
# npm does not reinstall what it installed.
NPM := /usr/bin/npm
$(NPM):
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm

# The Nu HTML Checker for tests/test_validators.py: the npm package vnu-jar ships vnu.jar itself (nothing is
# downloaded at install time); Java from Debian. Installed into .cache/ (ignored by git).
VNU := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): | $(NPM)
	npm install --silent --no-audit --no-fund --prefix .cache/vnu vnu-jar@26.9.27

# The editors' workspace (Decap CMS, copied into the site at quan-tri/) and decap-server (for `cchc serve`), at the
# versions package-lock.json pins, into node_modules/ (ignored by git); the stamp is touched so that make sees it
# newer than the lockfile.
DECAP := node_modules/.package-lock.json
$(DECAP): package.json package-lock.json | $(NPM)
	npm ci --silent --no-audit --no-fund --ignore-scripts
	touch $(DECAP)

/usr/bin/java:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless

# Debian's Chromium for the browser tests (never `playwright install`: it downloads a browser).
/usr/bin/chromium:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

site: $(STAMP) $(DECAP)
	$(BIN)/cchc build

validate: $(STAMP)
	$(BIN)/cchc validate

serve: $(STAMP) $(DECAP)
	$(BIN)/cchc serve

test: $(STAMP) $(DECAP) /usr/bin/chromium /usr/bin/java $(VNU)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build site test-artifacts .cache dist
