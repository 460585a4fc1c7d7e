#!/usr/bin/env bash
# Install everything, then run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/system_packages.sh
# loadgroup: tests marked xdist_group("name") share one worker (the model-server tests share
# one llama.cpp server); unmarked tests are spread as with the default.
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
