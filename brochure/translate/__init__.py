"""The translation workflow: units with stable ids, XLIFF 1.2 and PO out and in, snapshots
of source revisions, status and diff.

Pipeline, one module per job (imports point down this list):
units (texts and ids) → inline (markup ↔ codes) → state (unit status against the
source revision) → bundle (what a translator gets, with notes) → xliff / po (files) →
importer (validation, then LANG.yaml edited in place by yamledit) ; adding, reviewing,
progress (status and diff) ; snapshots (content-addressed source revisions).
"""
