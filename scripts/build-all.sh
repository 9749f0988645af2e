#!/usr/bin/env bash
# Build every brochure × language × layout × paper that brochure.toml defines into output/,
# in parallel; PDFs whose inputs have not changed since the last run are skipped.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
brochure build --all "$@"
