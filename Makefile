# Two commands for a fresh machine: `make run` (the app) and `make test` (every test).
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: setup run test test-min lint bench chromium nginx clean snapshot screenshots deck-js

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) serve.py --server.port $(PORT)

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
	  else echo "chromium missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; }

# nginx for the replica test (tests/e2e/test_replicas_browser.py skips without it)
nginx:
	@command -v nginx >/dev/null 2>&1 || test -x /usr/sbin/nginx || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq nginx; \
	  else echo "nginx missing: 'sudo apt-get install -y nginx' (the replica test is skipped)"; fi; }

test: setup chromium nginx
	$(VENV)/bin/ruff check geo views tests bench deploy tools app.py ui serve.py
	$(PY) -m pytest -q -p no:cacheprovider

# The tests on the lowest versions pyproject.toml allows: every ">=" of the app's own
# dependencies becomes "==" in a constraints file, installed into a separate venv.
MIN_VENV := .venv-min
test-min: chromium
	test -x $(MIN_VENV)/bin/python || python3 -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -c 'import re, tomllib; deps = tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"]; print("\n".join(re.sub(r"\s*>=\s*", "==", d) for d in deps if ">=" in d))' > $(MIN_VENV)/constraints.txt
	cat $(MIN_VENV)/constraints.txt
	$(MIN_VENV)/bin/python -m pip install --quiet -c $(MIN_VENV)/constraints.txt -e '.[test]'
	$(MIN_VENV)/bin/python -m pip list 2>/dev/null | grep -i -E "^(streamlit|pydeck|geopandas|shapely|pandas|pyogrio|pyproj|matplotlib|numpy|pydantic) "
	$(MIN_VENV)/bin/python -m pytest -q -p no:cacheprovider

lint: setup
	$(VENV)/bin/ruff check geo views tests bench deploy tools app.py ui serve.py
	$(VENV)/bin/ruff format --check geo views tests bench deploy tools app.py ui serve.py

# The StatCan snapshot, rebuilt from the raw tables in data/raw/statcan (oldest release
# first, so the release it replaces is kept as a vintage). A test checks the result.
snapshot: setup
	$(PY) -m geo refresh --from-file data/raw/statcan/statcan_17100121_release_2025-09-24.csv --release-date 2025-09-24
	$(PY) -m geo refresh --from-file data/raw/statcan/statcan_17100121_release_2026-09-23.csv --release-date 2026-09-23
	$(PY) -m geo refresh --from-file data/raw/statcan/statcan_17100009_release_2026-09-23.csv --release-date 2026-09-23
	$(PY) -m geo refresh --from-file data/raw/statcan/statcan_17100149_net_npr_by_cma_release_2026-01-14.csv --release-date 2026-01-14

# docs/screenshots/: the map, a chapter and the embed on three screens, in EN and FR
screenshots: setup chromium
	$(PY) tools/screenshots.py

bench: setup chromium nginx
	$(PY) -m bench

clean:
	rm -rf $(VENV) $(MIN_VENV) test-artifacts static/generated

# static/js/vendor/deck-VERSION.min.js: deck.gl for the map page's browser part, bundled from
# js/package-lock.json (committed, so a clone needs no npm; rebuild after changing js/)
DECK_VERSION := $(shell sed -n 's/.*"@deck.gl\/core": "\(.*\)".*/\1/p' js/package.json)
deck-js:
	cd js && npm ci --silent
	rm -f static/js/vendor/deck-*.min.js
	js/node_modules/.bin/esbuild js/deck_entry.js --bundle --minify --format=esm --target=es2020 \
	  --legal-comments=eof --banner:js="/* deck.gl $(DECK_VERSION) and its dependencies (MIT licence): https://github.com/visgl/deck.gl */" \
	  --outfile=static/js/vendor/deck-$(DECK_VERSION).min.js
