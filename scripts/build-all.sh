#!/usr/bin/env bash
# Build every brochure in content/, every language, in every layout and paper size, into output/.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
for folder in content/*/; do
  id=$(basename "$folder")
  brochure build "$id" --all-languages --layout handout --paper letter --paper a4 --out output
done
