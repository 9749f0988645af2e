#!/usr/bin/env bash
# The test command: lint, then the whole test suite. CI runs exactly this.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
ruff check .
python -m pytest "$@"
