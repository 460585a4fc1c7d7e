#!/usr/bin/env bash
# Install everything, then run the main job end to end on the embedded default (offline).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster_home}"
export HANDMADE_DATA_DIR="${HANDMADE_DATA_DIR:-$PWD/.handmade_data}"
mkdir -p "$DAGSTER_HOME"
cp -n dagster.yaml "$DAGSTER_HOME/dagster.yaml" 2>/dev/null || true
exec .venv/bin/python -m handmade_assets_demo.demo "$@"
