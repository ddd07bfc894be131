# Two commands do everything: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export FLASK_APP = wsgi

.PHONY: run test fuzz lint format bench venv seed i18n pwa clean cluster

# Serving needs requirements.txt only; tests, lint and benchmarks add requirements-dev.txt.
venv: $(VENV)/.installed

$(VENV)/.installed-run: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed: $(VENV)/.installed-run requirements-dev.txt
	$(BIN)/pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed-run
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --if-empty
	$(BIN)/flask precompress
	@# app/ops/run_server.py refuses a taken port plainly, starts gunicorn (gthread workers that a
	@# few slow clients cannot exhaust) and prints the address and demo logins once it answers.
	@# Each request is logged by the app itself: one JSON line on stderr with a request id,
	@# the path without its query string (docs/deploy.md); gunicorn's access log stays off.
	$(BIN)/python app/ops/run_server.py --host $(HOST) --port $(PORT)

# Without TEST_DATABASE_URL, make test uses the local PostgreSQL (database "test" on
# 127.0.0.1:5432) when it answers, and says so; otherwise it runs on SQLite only.
LOCAL_TEST_PG = postgresql+psycopg://postgres@127.0.0.1:5432/test
test: venv
	@if [ -z "$$TEST_DATABASE_URL" ] && $(BIN)/python tests/local_pg.py "$(LOCAL_TEST_PG)"; then \
	  echo "make test: SQLite and the local PostgreSQL ($(LOCAL_TEST_PG))"; \
	  TEST_DATABASE_URL="$(LOCAL_TEST_PG)" $(BIN)/pytest; \
	elif [ -n "$$TEST_DATABASE_URL" ]; then \
	  echo "make test: SQLite and TEST_DATABASE_URL"; $(BIN)/pytest; \
	else \
	  echo "make test: SQLite only (no PostgreSQL at $(LOCAL_TEST_PG); set TEST_DATABASE_URL)"; \
	  $(BIN)/pytest; \
	fi

# The long property and fuzz runs: every generated-example count of tests/fuzz.py times ten
# (make test runs them short to stay under 15 minutes). About 30 minutes on 2 cores.
FUZZ_TESTS = tests/hardening/test_schemathesis.py tests/hardening/test_push_properties.py \
  tests/console/test_record_links.py
fuzz: venv
	FUZZ_SCALE=10 TEST_DATABASE_URL="$${TEST_DATABASE_URL:-$(LOCAL_TEST_PG)}" $(BIN)/pytest $(FUZZ_TESTS)

# The JS tools, pinned in tooling/package.json and installed from its lock file: prettier (the
# formatter) and esbuild (the field app's bundle, `make pwa`).
TOOLS = tooling/node_modules/.installed
PRETTIER = tooling/node_modules/.bin/prettier
PRETTIER_RUN = $(PRETTIER) --config tooling/prettier.json --log-level warn
JS_FILES = $(filter-out pwa/js/codes.js pwa/js/shell-files.js, \
  pwa/sw.js tooling/bundle.mjs $(shell find pwa/js app/static/console -name '*.js' | sort))

$(TOOLS): tooling/package.json tooling/package-lock.json
	npm ci --prefix tooling --no-audit --no-fund --loglevel=error
	touch $@

lint: venv $(TOOLS)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/codespell app tests bench docs pwa/js README.md
	$(BIN)/lint-imports --no-cache  # app/ layers point down (pyproject.toml, docs/architecture.md)
	$(BIN)/python tooling/import_cycles.py  # no module circles, in app/ or pwa/js
	$(BIN)/python tooling/js_imports.py  # every name a field-app module imports is exported
	$(PRETTIER_RUN) --check $(JS_FILES)

format: venv $(TOOLS)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(PRETTIER_RUN) --write $(JS_FILES)

bench: venv
	$(BIN)/python bench/sync_bench.py

# Re-extract server strings, merge Vietnamese from I18N_TSV (english<TAB>vietnamese files), compile.
I18N_TSV ?=
i18n: venv
	$(BIN)/pybabel extract -F babel.cfg --sort-output --no-location -o app/translations/messages.pot .
	for lang in vi en; do test -f app/translations/$$lang/LC_MESSAGES/messages.po || \
	  $(BIN)/pybabel init -i app/translations/messages.pot -d app/translations -l $$lang; done
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations \
	  --no-fuzzy-matching --ignore-obsolete
	$(BIN)/python app/translations/fill.py $(I18N_TSV)
	$(BIN)/pybabel compile -d app/translations --statistics

# The field app's generated files: pwa/js/codes.js (coded values and their words, from
# app/core/codes.py and the catalogs), the bundle pwa/dist/main.js (esbuild, app/fieldapp/bundle.py)
# and pwa/js/shell-files.js (the precache list; `git add pwa` first). All committed: serving
# needs no node, and tests fail while one is stale.
pwa: venv $(TOOLS)
	$(BIN)/flask pwa-files

clean:
	rm -rf $(VENV) instance

# Two app servers behind nginx (TLS, HTTP/2), PostgreSQL and Redis; one SIGKILLed under load
# (bench/cluster.py; 6 to 9 minutes; CLUSTER_ARGS="--seconds 30 --no-lcp" for a shorter run).
CLUSTER_ARGS ?=
cluster: venv
	nice $(BIN)/python bench/cluster.py $(CLUSTER_ARGS)
