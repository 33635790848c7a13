#!/usr/bin/env bash
# The benchmark: syllabus against Hugo on the same synthetic corpus (see bench/bench.py).
#   bash bench/run.sh [--runs N] [--sizes 1000,10000] [--work DIR] [--out-base DIR] [--no-hugo]
# Builds the release binary and installs Debian's hugo when missing (as root).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked --quiet
if ! command -v hugo >/dev/null 2>&1 && [[ " $* " != *" --no-hugo "* ]]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing hugo (apt-get)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hugo >/dev/null
  else
    echo "The benchmark needs hugo: sudo apt-get install hugo (or pass --no-hugo)" >&2
    exit 1
  fi
fi
exec python3 bench/bench.py "$@"
