"""Which embedded font draws which character.

Font stacks per language are data (`fonts.yaml`, read by `config`); `fontset` picks
fonts per text run; `build` makes static instances and CJK TrueType subsets, kept in the
on-disk `cache`; `coverage` knows what a font can draw, and `printed` what a document
prints and which of it no font has.
"""
