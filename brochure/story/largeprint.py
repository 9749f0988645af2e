"""Large print rules that are not just sizes: no italics for long runs of text.

Italic is harder to read for people with low vision; a short emphasised word may stay
italic, a phrase or sentence may not (RNIB and APH large-print guidance).
"""

from __future__ import annotations

from brochure.content.spans import Span

MAX_ITALIC_WORDS = 3


def no_long_italics(spans: list[Span], max_words: int = MAX_ITALIC_WORDS) -> list[Span]:
    """The spans with italic dropped from every italic run longer than `max_words` words."""
    out = list(spans)
    start = 0
    while start < len(out):
        if not out[start].italic:
            start += 1
            continue
        end = start
        while end < len(out) and out[end].italic:
            end += 1
        words = " ".join(s.text for s in out[start:end]).split()
        if len(words) > max_words:
            for k in range(start, end):
                s = out[k]
                out[k] = Span(s.text, s.bold, False, s.href)
        start = end
    return out
