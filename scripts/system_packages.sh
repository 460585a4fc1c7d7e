#!/usr/bin/env bash
# Debian packages the tests need: Chromium (renders the weekly report as a person sees it) and
# PostgreSQL (the production run storage, tested against a real server). Installed only when
# missing; without root or apt the tests that need them skip with a reason.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need+=(postgresql)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system_packages: cannot install ${need[*]} (not root or no apt-get); dependent tests will skip" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
