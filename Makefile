# Runstrength: `make run` serves the demo, `make test` runs the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install lint format bench faults worker clean

$(BIN)/activate: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(BIN)/activate

install: $(BIN)/activate

run: install
	DEBUG=true $(BIN)/python manage.py migrate --no-input
	DEBUG=true $(BIN)/python manage.py demo
	DEBUG=true $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Files starting with _ are helpers; the fault drills stop servers, so they run on their own.
bench: install
	@for b in bench/[!_]*.py; do [ "$$b" = bench/faults.py ] && continue; echo "== $$b"; $(BIN)/python $$b || exit 1; done

faults: install
	$(BIN)/python bench/faults.py

# Without REDIS_URL the app runs jobs in-process, so the worker needs one to listen on (the
# default is the shell's: a make variable of that name would hide it from every other target).
worker: install
	REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/0}" $(BIN)/celery -A config worker --loglevel=info --concurrency=2

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles
