"""PDF mechanics below the layouts: tagging while drawing (`tagging`), the structure
tree, XMP and PDF/A afterwards (`finish`), booklet imposition (`impose`) and printer's
marks (`marks`)."""
