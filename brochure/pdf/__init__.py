"""PDF mechanics below the layouts: tagging while drawing (`tagging`); the structure
tree (`structure`), XMP (`xmp`) and PDF/A pieces (`pdfa`) written into ReportLab's
document as it saves (`document`, compact files: `compact`); booklet imposition
(`impose`) and the tree on its sheets (`finish`); printer's marks (`marks`)."""
