"""When content does not fit a fixed layout: a report that says what, how much, and what to do.

A tri-fold holds what it holds. Nothing is cut and no page is added: the build fails
with one problem per section that did not fit (at the section in the language file) and
a summary with suggestions. `--fit` may shrink the body text in steps down to 9 pt
(never for large print) and says what it did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from brochure.content.plan import Plan
from brochure.errors import BrochureError, Problem
from brochure.layouts import LAYOUTS
from brochure.layouts.flow import Overflow
from brochure.story.styles import Theme

FIT_FLOOR = 9.0  # pt: below this, body text is too small for patient education
FIT_STEP = 0.5

T = TypeVar("T")


class DoesNotFit(BrochureError):
    """The content is longer than the layout holds; carries the measurement."""

    def __init__(self, problems: list[Problem], overflow: Overflow, body_size: float):
        super().__init__(problems)
        self.overflow, self.body_size = overflow, body_size


def scaled_theme(theme: Theme, body_size: float) -> Theme:
    """The theme with body text at `body_size` and headings, step discs scaled alike."""
    t = theme.text
    f = body_size / t.body_size
    text = t.model_copy(
        update={
            "body_size": body_size,
            "title_size": t.title_size * f,
            "subtitle_size": t.subtitle_size * f,
            "h2_size": t.h2_size * f,
            "h3_size": t.h3_size * f,
            "small_size": min(t.small_size, body_size),
            "footer_size": min(t.footer_size, body_size),
        }
    )
    steps = theme.steps.model_copy(
        update={
            "number_size": theme.steps.number_size * f,
            "disc_diameter": theme.steps.disc_diameter * f,
        }
    )
    return theme.model_copy(update={"text": text, "steps": steps})


def fit_sizes(start: float, floor: float = FIT_FLOOR, step: float = FIT_STEP) -> list[float]:
    """Body sizes to try, largest first: `start`, then down in `step`s to `floor`."""
    sizes, size = [], start
    while size >= floor - 1e-9:
        sizes.append(round(size, 2))
        size -= step
    return sizes or [start]


def fit(build: Callable[[float], T], start: float) -> tuple[T, float]:
    """The first build that fits, trying smaller body sizes; raises the last DoesNotFit."""
    failure: DoesNotFit | None = None
    for size in fit_sizes(start):
        try:
            return build(size), size
        except DoesNotFit as exc:
            failure = exc
    assert failure is not None
    raise failure


def _lines(points: float, leading: float) -> str:
    n = max(1, round(points / leading))
    return f"{n} line" + ("s" if n > 1 else "")


def _amount(points: float, overflow: Overflow, leading: float) -> str:
    share = points / overflow.panel_height
    if share >= 0.95:
        return f"about {share:.1f} panels (≈ {_lines(points, leading)})"
    return f"about {_lines(points, leading)} ({share:.0%} of a panel)"


def overflow_problems(
    overflow: Overflow,
    plan: Plan,
    layout: str,
    paper: str,
    body_size: float,
    leading: float,
    fitted: bool,
    fit_hint: str = "",
) -> list[Problem]:
    """One problem per part that did not fit, then a summary with suggestions.

    `fit_hint` says how to ask for fitting where the user is (`--fit` on `build`); empty
    where there is no way (then fitting is not suggested)."""
    name = LAYOUTS[layout].display
    doc = plan.language.doc
    capacity = overflow.capacity
    problems: list[Problem] = []
    fitting_ids: list[str] = []
    for key, start, end in overflow.spans():
        past = end - max(start, capacity)
        if key.startswith("section:"):
            planned = plan.sections[int(key.split(":")[1])]
            sid = planned.section.id
            if past <= 0.5:
                fitting_ids.append(sid)
                continue
            whole = start >= capacity - 0.5
            how = "none of it fits" if whole else "it is cut off"
            problems.append(
                doc.problem(
                    ("sections", planned.index),
                    f"section `{sid}` does not fit the {name} ({paper}, {body_size:g} pt text): "
                    f"{how}; {_amount(past, overflow, leading)} left over",
                )
            )
        elif key == "sources" and past > 0.5:
            meta_doc = plan.brochure.meta_doc
            problems.append(
                meta_doc.problem(
                    ("sources",),
                    f"the sources list does not fit the {name}: "
                    f"{_amount(past, overflow, leading)} left over",
                )
            )
    for panel, points in overflow.fixed.items():
        what = {
            "cover": "the title, subtitle, summary, logo and opening illustration",
            "back": "the contact block, QR code and review lines",
        }.get(panel, "its content")
        loc = ("summary",) if panel == "cover" else ()
        problems.append(
            doc.problem(
                loc,
                f"the {name}'s {panel} panel is {points:.0f} pt too short for {what}; "
                + (
                    "shorten the subtitle or summary, or use a smaller logo"
                    if panel == "cover"
                    else "shorten the clinic's details"
                ),
            )
        )
    summary = _summary(overflow, plan, name, body_size, leading, fitted, fitting_ids, fit_hint)
    problems.append(Problem(doc.display, 0, 0, summary))
    return problems


def _summary(
    overflow: Overflow,
    plan: Plan,
    name: str,
    body_size: float,
    leading: float,
    fitted: bool,
    fitting_ids: list[str],
    fit_hint: str,
) -> str:
    lines = []
    if overflow.over > 0.5:
        lines.append(
            f"the content is longer than the {name}'s {overflow.panels} text panels hold "
            f"at {body_size:g} pt: {_amount(overflow.over, overflow, leading)} too much"
        )
    else:
        lines.append(f"the content does not fit the {name}'s fixed panels")
    tips = []
    if fitted:
        lines.append(f"fitting tried body text down to {FIT_FLOOR:g} pt")
    elif fit_hint:
        tips.append(f"{fit_hint} (shrinks body text step by step, not below {FIT_FLOOR:g} pt)")
    editions = [e for e in plan.brochure.meta.editions if e not in (plan.edition, "full")]
    if editions:
        tips.append("a shorter edition: " + ", ".join(f"--edition {e}" for e in editions))
    if fitting_ids and len(fitting_ids) < len(plan.sections):
        tips.append(f"fewer sections, e.g. --sections {','.join(fitting_ids)} (these fit)")
    tips.append("--layout handout or --layout bifold, which grow to fit")
    lines.append("nothing was written")
    return "; ".join(lines) + ". Try " + "; or ".join(tips)
