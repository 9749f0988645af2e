#!/usr/bin/env bash
# Remake the README's gallery (docs/gallery/) with `brochure preview`: a contact sheet of
# the English handout, the tri-fold folded in reading order, and the Arabic handout.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
brochure preview ms-stem-cells --lang en --clinic lakeside --out "$tmp"
brochure preview ms-stem-cells --lang en --layout trifold --edition trifold --clinic lakeside --out "$tmp"
brochure preview ms-stem-cells --lang ar --out "$tmp"
mkdir -p docs/gallery
cp "$tmp/ms-stem-cells-en-handout-letter-sheet.png" docs/gallery/handout-en.png
cp "$tmp/ms-stem-cells-en-trifold-letter-folded.png" docs/gallery/trifold-en-folded.png
cp "$tmp/ms-stem-cells-ar-handout-letter-sheet.png" docs/gallery/handout-ar.png
