"""`brochure check`: the health-literacy quality gate.

Readability per language, summary and section (published formulas where they exist,
counts where they do not), and the machine-checkable items of PEMAT-P and the CDC
Clear Communication Index: one main message, headings, actions, short lists, pictures
with alt text and captions, numbers in words, sources, a "when to call" box, a review
date that has not expired, translation status and clinic colour contrast.

    report = run_checks(loaded, strict=True)       # CheckReport (pydantic)
    print(format_text(report)); report.to_json(); report.exit_code

Thresholds and severities: brochure/checks.yaml (docs/check-report.md).
"""

from __future__ import annotations

from brochure.checks.config import CODES, CheckConfig, load_config
from brochure.checks.gate import ITEMS, TODAY_ENV, failed_load_report, run_checks, today
from brochure.checks.report import CheckReport, Finding, Item, schema_json
from brochure.checks.textreport import format_text, summary_line

__all__ = [
    "CODES",
    "ITEMS",
    "TODAY_ENV",
    "CheckConfig",
    "CheckReport",
    "Finding",
    "Item",
    "failed_load_report",
    "format_text",
    "load_config",
    "run_checks",
    "schema_json",
    "summary_line",
    "today",
]
