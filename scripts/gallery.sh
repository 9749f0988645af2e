#!/usr/bin/env bash
# Remake the README's gallery (docs/gallery/) with `brochure preview`: contact sheets of
# the English and Arabic handouts, tri-folds folded in reading order (English with the
# clinic profile, Arabic without: the "My care team" back panel) and the English booklet's
# pages in reading order.
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
brochure preview ms-stem-cells --lang en --clinic lakeside --out "$tmp"
brochure preview ms-stem-cells --lang en --layout trifold --edition trifold --clinic lakeside --out "$tmp"
brochure preview ms-stem-cells --lang ar --out "$tmp"
# Arabic is set larger (per-script size): the tri-fold fits with --fit, as `build --all` does.
brochure build ms-stem-cells --lang ar --layout trifold --edition trifold --fit \
  -o "$tmp/ms-stem-cells-ar-trifold-letter.pdf"
brochure preview "$tmp/ms-stem-cells-ar-trifold-letter.pdf" --out "$tmp"
brochure preview ms-stem-cells --lang en --layout bifold --clinic lakeside --out "$tmp"
mkdir -p docs/gallery
cp "$tmp/ms-stem-cells-lakeside-en-handout-letter-sheet.png" docs/gallery/handout-en.png
cp "$tmp/ms-stem-cells-lakeside-en-trifold-letter-folded.png" docs/gallery/trifold-en-folded.png
cp "$tmp/ms-stem-cells-ar-handout-letter-sheet.png" docs/gallery/handout-ar.png
cp "$tmp/ms-stem-cells-ar-trifold-letter-folded.png" docs/gallery/trifold-ar-folded.png
cp "$tmp/ms-stem-cells-lakeside-en-bifold-letter-reading.png" docs/gallery/bifold-en-reading.png
