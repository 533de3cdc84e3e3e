# joinedup: `make demo` runs the product, `make test` runs every test. Both set up what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
DIST := src/joinedup/static/dist
GOVUK := node_modules/govuk-frontend/dist/govuk

.PHONY: demo test test-sqlite test-postgres lint format assets install clean

demo: install assets
	$(BIN)/joinedup demo

test: install assets test-sqlite test-postgres

test-sqlite:
	DATABASE_URL= $(BIN)/pytest

# Runs again on PostgreSQL when TEST_DATABASE_URL is set (CI sets it; see .ci/run).
test-postgres:
	@if [ -n "$$TEST_DATABASE_URL" ]; then \
		echo "== the suite again on PostgreSQL ($$TEST_DATABASE_URL)"; \
		DATABASE_URL="$$TEST_DATABASE_URL" $(BIN)/pytest; \
	else echo "== TEST_DATABASE_URL is not set: PostgreSQL run skipped"; fi

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Front-end assets are built from the locked npm packages, never committed.
assets: $(DIST)/.built

$(DIST)/.built: node_modules/.installed assets/scss/app.scss
	mkdir -p $(DIST)
	npm run --silent build:css
	cp $(GOVUK)/govuk-frontend.min.js $(DIST)/
	cp node_modules/htmx.org/dist/htmx.min.js $(DIST)/
	cp node_modules/cytoscape/dist/cytoscape.min.js $(DIST)/
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css $(DIST)/
	rm -rf $(DIST)/images && cp -r node_modules/leaflet/dist/images $(DIST)/
	rm -rf $(DIST)/assets && mkdir -p $(DIST)/assets && cp -r $(GOVUK)/assets/images $(DIST)/assets/
	touch $@

clean:
	rm -rf $(VENV) node_modules $(DIST) var
