# One entry point. Every target sets up .venv from requirements.txt first,
# so on a fresh machine with Python 3.11 `make html` and `make test` just work.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
CONTENT ?= content
OUTPUT  ?= output
export PYTHONPATH := $(CURDIR)/plugins

.PHONY: html publish ping serve check test lint clean translations bench forms from-issue new digest-mail

$(READY): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is needed; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
	@touch $@

# Our plugins compiled ahead: where PYTHONDONTWRITEBYTECODE is set (or the
# checkout is fresh) each build would otherwise compile them again, about
# 0.1 s of a 2.5 s rebuild. compileall skips what is up to date.
COMPILE := $(BIN)/python -m compileall -q plugins > /dev/null

html: $(READY)  ## build the site into output/ (local settings)
	@$(COMPILE)
	$(BIN)/pelican $(CONTENT) -s pelicanconf.py -o $(OUTPUT)

publish: $(READY)  ## build the public site (SITEURL from the environment)
	@$(COMPILE)
	$(BIN)/pelican $(CONTENT) -s publishconf.py -o $(OUTPUT)

ping: $(READY)  ## after a deploy: notify WEBSUB_HUB of the feeds that changed (PREVIOUS= the live feeds/manifest.json saved before deploying; without it, every feed)
	$(BIN)/python tools/ping_hub.py --output $(OUTPUT) $(if $(PREVIOUS),--previous $(PREVIOUS),--all)

digest-mail: publish  ## build, then send one week's Communiqué over SMTP: WEEK=2026-w48 (default: last week), DIGEST_LANG=fr; DIGEST_SMTP_* from the environment (docs/digest.md)
	$(BIN)/python -m weekly_digest.mail --output $(OUTPUT)  # reads WEEK and DIGEST_LANG itself: never through a shell

serve: $(READY)  ## preview on http://127.0.0.1:8000/, rebuilt on every change, drafts shown
	$(BIN)/python tools/serve.py --content $(CONTENT) --output $(OUTPUT)

check: $(READY)  ## validate the content only: fast, for editors
	$(BIN)/python -m clearinghouse.check $(CONTENT)

forms: $(READY)  ## write the GitHub issue forms (.github/ISSUE_TEMPLATE/) from data/ and content/members/
	$(BIN)/python -m reporting.form --content $(CONTENT)

from-issue: $(READY)  ## an issue written with the report form as content: BODY=path/to/body.md; prints the new files or the problems
	@$(BIN)/python -m reporting.from_issue --content $(CONTENT) "$(BODY)"

new: $(READY)  ## a new file for editors: TYPE= COUNTRY= MEMBER= TITLE= VIOLATIONS=, or CASE=<case>, or TRANSLATE=<id> LANG=fr (asks for what is missing)
	@$(if $(filter command line,$(origin LANG)),LANG=C.UTF-8) $(BIN)/python -m reporting.new --content $(CONTENT) $(if $(filter command line,$(origin LANG)),--lang "$(LANG)")

test: $(READY)  ## every test (installs the browser and feed reader they use if missing)
	tools/install-test-tools
	$(BIN)/python -m pytest

bench: $(READY)  ## build speed at 1,000/10,000/50,000 alerts vs stock Pelican (slow); BENCH_ARGS="--sizes 1000"
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)

lint: $(READY)  ## ruff (lint and format), and zizmor on the GitHub workflows and dependabot.yml
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/zizmor --offline .github/

clean:
	rm -rf $(OUTPUT) $(VENV) .pytest_cache .ruff_cache

translations: $(READY)  ## extract interface strings from the templates and update every language's catalogue
	$(BIN)/pybabel extract -F babel.cfg -o theme/translations/messages.pot --no-location --omit-header --sort-output .
	for lang in fr es ar ru; do \
	  $(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations -l $$lang --no-wrap --no-fuzzy-matching; \
	done
