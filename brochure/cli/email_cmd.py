"""`brochure email`: write a brochure's PDF as a message, or send it over SMTP.

Named email_cmd, not email, so it never shadows the standard library's `email` package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from brochure.cli.common import _fail, _progress, _report, _writable, set_up
from brochure.errors import BrochureError, Problem
from brochure.files import write_atomically
from brochure.layouts import DEFAULT_LAYOUT, LAYOUTS, PAPERS


@click.command(name="email")
@click.argument("brochure")
@click.option("--to", "to", required=True, metavar="ADDRESS", help="The patient's address.")
@click.option("--lang", metavar="TAG", help="Language (default: the source language).")
@click.option(
    "--layout", type=click.Choice(sorted(LAYOUTS)), default=DEFAULT_LAYOUT, show_default=True
)
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="letter", show_default=True)
@click.option("--edition", help="Named section selection from brochure.yaml.")
@click.option("--clinic", help="Clinic profile (or id): sender name, address and contact.")
@click.option("--from", "from_", metavar="ADDRESS", help="Sender (default: the clinic's email).")
@click.option("--subject", help="Subject line (default: the localized 'Your brochure: TITLE').")
@click.option(
    "--pdf", type=click.Path(exists=True, dir_okay=False), help="Attach this PDF, not a new build."
)
@click.option(
    "--full-resolution", is_flag=True, help="Keep pictures as they are (default: ≤ 150 dpi)."
)
@click.option("--eml", type=click.Path(dir_okay=False), help="Write the message to this file.")
@click.option(
    "--smtp", metavar="HOST[:PORT]", help="Send via this server (587 STARTTLS, 465 TLS)."
)
@click.option("--force", is_flag=True, help="Send a message above 10 MB all the same.")
@click.option("--resend", is_flag=True, help="Send even if this message was sent before.")
@click.option(
    "--allow-draft", is_flag=True,
    help="Send a translation still marked draft (not yet checked by a translator).",
)
def email(
    brochure, to, lang, layout, paper, edition, clinic, from_, subject, pdf, full_resolution,
    eml, smtp, force, resend, allow_draft,
) -> None:
    """Email BROCHURE as a PDF: write the message (--eml FILE) or send it (--smtp HOST).

    SMTP credentials come only from BROCHURE_SMTP_USER and BROCHURE_SMTP_PASSWORD.
    """
    # Imported here, not at the top: `brochure --help` must not pay for ReportLab.
    from brochure.content.plan import SelectionError
    from brochure.workflow import mail
    from brochure.workflow.render import BuildOptions, render_pdf

    if bool(eml) == bool(smtp):
        raise click.UsageError("give --eml FILE (write the message) or --smtp HOST (send it)")
    try:
        recipient = mail.check_address(to)
        server = mail.parse_server(smtp) if smtp else None
        login = mail.credentials() if smtp else None
    except mail.MailError as exc:
        raise click.UsageError(str(exc)) from None
    try:
        ready = set_up(brochure, (lang,) if lang else (), edition, None, clinic)
        loaded, profile = ready.loaded, ready.profile
        tag = lang or loaded.meta.source_language
        if loaded.languages[tag].is_draft and not allow_draft:
            _fail([_draft_problem(loaded.languages[tag])])
        try:
            sender = mail.Sender.of(profile, from_, loaded.meta.publisher)
        except mail.MailError as exc:
            raise click.UsageError(str(exc)) from None
        if pdf:
            _report(_own_warnings(loaded, tag))
            data = Path(pdf).read_bytes()
            problem = _pdf_problem(Path(pdf), data, tag)
            if problem:
                _fail([problem])
        else:
            dpi = None if full_resolution else mail.EMAIL_DPI
            options = BuildOptions(
                layout=layout, paper=paper, edition=edition, clinic=profile, max_image_dpi=dpi
            )
            result = render_pdf(loaded, tag, options, _progress)
            _report(_own_warnings(loaded, tag) + result.warnings)
            data = result.pdf
    except SelectionError as exc:
        raise click.UsageError("; ".join(p.message for p in exc.problems)) from None
    except BrochureError as exc:
        _fail(exc.problems)
    try:
        message = mail.compose(loaded.languages[tag].content, tag, data, recipient, sender, subject,
                               brochure=loaded, edition=edition, clinic=profile)
        raw = mail.as_bytes(message)
        warning = mail.size_check(len(raw), force)
        if warning:
            click.echo(f"warning: {warning}", err=True)
        if eml:
            _writable(Path(eml), loaded.workspace)
            write_atomically(Path(eml), raw)
            click.echo(f"wrote {eml} ({len(raw) // 1024} KB) for {mail.mask(recipient)}")
            return
        journal = mail.Journal(_state_dir() / "sent-mail.jsonl")
        used = mail.send(message, server, journal, login, resend=resend)
    except mail.MailError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    protection = {"starttls": "STARTTLS", "implicit": "TLS", "none": "no TLS, loopback"}[used]
    click.echo(
        f"sent to {mail.mask(recipient)} via {server} ({protection}), {len(raw) // 1024} KB, "
        f"{message['Message-ID']}"
    )


def _state_dir() -> Path:
    """Where `email` keeps its journal of sent messages (BROCHURE_STATE_DIR overrides)."""
    import os

    import platformdirs

    return Path(os.environ.get("BROCHURE_STATE_DIR") or platformdirs.user_state_path("brochure"))


def _draft_problem(language) -> Problem:
    """Why a draft translation is not sent: no qualified translator has checked it yet."""
    return language.doc.problem(
        ("translation", "status"),
        f"the `{language.tag}` translation is a draft: no qualified translator has checked "
        "it, and a patient cannot tell a mistranslated dose or warning; it is not sent. "
        "Have it reviewed (translation status: reviewed), or give --allow-draft to send it "
        "all the same",
    )


def _pdf_problem(path: Path, data: bytes, tag: str) -> Problem | None:
    """A --pdf that is not a PDF, or is in another language than the message around it."""
    from io import BytesIO

    import pikepdf

    try:
        with pikepdf.open(BytesIO(data)) as document:
            found = document.Root.get("/Lang")
            pdf_lang = str(found) if found is not None else None
    except pikepdf.PdfError:
        return Problem(str(path), 0, 0, "not a PDF file (or a damaged one); give a PDF made "
                       "by `brochure build`")
    if pdf_lang is None:
        return Problem(str(path), 0, 0, f"the PDF says nothing about its language (no /Lang), "
                       f"so it cannot be checked against --lang {tag}; build it with "
                       "`brochure build`, or leave out --pdf")
    if pdf_lang.lower() != tag.lower():
        return Problem(str(path), 0, 0, f"the PDF is in `{pdf_lang}` but the message is in "
                       f"`{tag}`: a patient would get a letter in one language and a brochure "
                       f"in another; give --lang {pdf_lang} or the `{tag}` PDF")
    return None


def _own_warnings(loaded, tag: str) -> list[Problem]:
    """The loader's warnings about this language's file or brochure.yaml (a missing
    picture, placeholder text): what the patient's copy would carry."""
    files = {loaded.meta_doc.display, loaded.languages[tag].doc.display}
    return [p for p in loaded.warnings if p.file in files]
