"""`brochure email`: the message itself, and sending it to a real SMTP server on loopback.

The server is aiosmtpd, started by the tests on 127.0.0.1; what it received is parsed
back into a message and compared with what was built.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from email import policy
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner
from PIL import Image

from brochure.cli import main
from brochure.content.loader import load_brochure
from brochure.workflow import mail
from brochure.workflow.render import BuildOptions, render_pdf

PATIENT = "pat.jones@example.org"


# ---------------------------------------------------------------- a real SMTP server


class Inbox:
    """An aiosmtpd handler that keeps what it received and refuses `nobody@`."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], bytes, bool]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("nobody@"):
            return f"550 5.1.1 <{address}>: recipient unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content,
             session.ssl is not None)
        )
        return "250 2.0.0 accepted"

    def message(self, k: int = 0) -> email.message.EmailMessage:
        return email.message_from_bytes(self.received[k][2], policy=policy.default)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def smtp_server(**kwargs) -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield inbox, controller.port
    finally:
        controller.stop()


def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"clinic", b"s3cret-pw"
    )
    return AuthResult(success=ok, handled=False)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (made with the openssl command)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
        check=True, capture_output=True,
    )
    return cert, key


def server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


# ---------------------------------------------------------------- a workspace with a clinic


@pytest.fixture
def ws(workspace: Path) -> Path:
    (workspace / "clinics").mkdir()
    (workspace / "clinics" / "test.yaml").write_text(
        "name: Test Neurology Clinic\nphone: \"+1 555 0100\"\n"
        "email: neuro@clinic.example\nwebsite: https://clinic.example\n"
    )
    return workspace


@pytest.fixture
def cli(ws: Path, tmp_path: Path):
    state = tmp_path / "state"

    def invoke(*args: str, env: dict[str, str] | None = None):
        cwd = os.getcwd()
        os.chdir(ws)
        try:
            return CliRunner().invoke(
                main, list(args), env={"BROCHURE_STATE_DIR": str(state), **(env or {})},
                catch_exceptions=False,
            )
        finally:
            os.chdir(cwd)

    return invoke


def built_pdf(ws: Path, **options) -> bytes:
    loaded = load_brochure(ws / "content" / "demo", ws)
    return render_pdf(loaded, "en", BuildOptions(**options)).pdf


def attachments(message) -> list:
    return list(message.iter_attachments())


# ---------------------------------------------------------------- the message


def test_eml_message_headers_bodies_and_attachment(cli, ws: Path) -> None:
    result = cli("email", "demo", "--to", PATIENT, "--clinic", "test", "--eml", "out.eml")
    assert result.exit_code == 0, result.output
    assert PATIENT not in result.output and "p***@e***.org" in result.output
    msg = email.message_from_bytes((ws / "out.eml").read_bytes(), policy=policy.default)
    assert msg["Subject"] == "Your brochure: Demo brochure"
    assert msg["From"] == "Test Neurology Clinic <neuro@clinic.example>"
    assert msg["To"] == PATIENT
    assert msg["Content-Language"] == "en"
    assert msg["Message-ID"].endswith("@clinic.example>")
    text = msg.get_body(("plain",)).get_content()
    assert "Demo brochure" in text and "This is the main message." in text
    assert "+1 555 0100" in text and text.rstrip().endswith("advice from your care team.")
    page = msg.get_body(("html",)).get_content()
    assert re.search(r'<html lang="en" dir="ltr"[ >]', page)
    assert "<strong>Demo brochure</strong>" in page
    assert 'href="tel:+15550100"' in page and 'href="mailto:neuro@clinic.example"' in page
    (pdf,) = attachments(msg)
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "Demo brochure.pdf"
    assert pdf.get_content().startswith(b"%PDF")


def test_attachment_is_the_built_pdf(cli, ws: Path) -> None:
    assert cli("build", "demo", "-o", "built.pdf").exit_code == 0
    result = cli("email", "demo", "--to", PATIENT, "--from", "a@clinic.example",
                 "--eml", "m.eml")
    assert result.exit_code == 0, result.output
    msg = email.message_from_bytes((ws / "m.eml").read_bytes(), policy=policy.default)
    (pdf,) = attachments(msg)
    # No pictures: the email edition is the print PDF, byte for byte.
    assert pdf.get_content() == (ws / "built.pdf").read_bytes()
    assert msg["From"] == "Test Health <a@clinic.example>"  # publisher as the name


def test_markup_and_citations_do_not_leak_into_the_mail(ws: Path) -> None:
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text().replace(
        "summary: This is the main message.",
        "summary: \"**Ask** before <you> decide [@smith2020]. See [the site](https://a.example).\"",
    ))
    loaded = load_brochure(ws / "content" / "demo", ws)
    sender = mail.Sender("a@clinic.example", "Clinic")
    msg = mail.compose(loaded.languages["en"].content, "en", b"%PDF-1.7", PATIENT, sender)
    text = msg.get_body(("plain",)).get_content()
    assert "Ask before <you> decide. See the site." in text
    page = msg.get_body(("html",)).get_content()
    assert "<strong>Ask</strong> before &lt;you&gt; decide." in page
    assert '<a href="https://a.example">the site</a>' in page
    assert "smith2020" not in text + page


def test_subject_and_body_in_the_patients_language(ws: Path) -> None:
    folder = ws / "content" / "demo"
    (folder / "ar.yaml").write_text(
        "language: ar\ntitle: العلاج بالخلايا الجذعية\nsummary: الرسالة الرئيسية.\n"
        "translation: {status: reviewed}\nsections:\n  - id: intro\n    title: مقدمة\n"
        "    blocks: [نص.]\n  - id: more\n    title: المزيد\n    blocks: [نص.]\n"
    )
    loaded = load_brochure(folder, ws)
    sender = mail.Sender("a@clinic.example", "Clinic")
    msg = mail.compose(loaded.languages["ar"].content, "ar", b"%PDF-1.7", PATIENT, sender)
    parsed = email.message_from_bytes(mail.as_bytes(msg), policy=policy.default)
    assert parsed["Subject"] == "نشرتك: العلاج بالخلايا الجذعية"
    assert parsed.get_body(("html",)).get_content().count('dir="rtl"') == 1
    assert attachments(parsed)[0].get_filename() == "العلاج بالخلايا الجذعية.pdf"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("What is *MS*?", "What is MS.pdf"),
        ('A/B: "tests" <now>', "A B tests now.pdf"),
        ("干细胞治疗", "干细胞治疗.pdf"),
        ("x" * 50 + " " + "y" * 50, "x" * 50 + ".pdf"),
        ("...", "brochure.pdf"),
    ],
)
def test_attachment_names_are_safe_and_readable(title: str, name: str) -> None:
    assert mail.attachment_name(title) == name


@pytest.mark.parametrize(
    "address", ["a@b.org", "first.last+tag@mail.example.co.uk", "x@bücher.example"]
)
def test_valid_addresses(address: str) -> None:
    assert "@" in mail.check_address(address)


@pytest.mark.parametrize(
    "address",
    ["", "plain", "a@b", "a@@b.org", "a b@c.org", "Name <a@b.org>", "a@b.org, c@d.org",
     "a@b.org\r\nBcc: evil@x.org", ".a@b.org", "a..b@c.org", "a@-b.org"],
)
def test_invalid_addresses_are_refused_and_masked(address: str) -> None:
    with pytest.raises(mail.MailError) as caught:
        mail.check_address(address)
    assert address.strip() not in str(caught.value) or len(address.strip()) <= 1


def test_mask() -> None:
    assert mail.mask("pat.jones@example.org") == "p***@e***.org"
    assert mail.mask("x@localhost") == "x***@l***"


def test_size_budget() -> None:
    assert mail.size_check(500_000) is None
    assert "2.5 MB" in (mail.size_check(2_500_000) or "")
    with pytest.raises(mail.MailError, match="over the 10 MB"):
        mail.size_check(11_000_000)
    assert mail.size_check(11_000_000, force=True)


def test_email_edition_downsamples_pictures(ws: Path) -> None:
    """A 3000×2000 photo printed 6.5 in wide: at most 150 dpi, and the PDF under 1 MB."""
    image = Image.merge("RGB", [Image.effect_noise((3000, 2000), 60)] * 3)
    image.save(ws / "assets" / "illustrations" / "photo.jpg", quality=92)
    en = ws / "content" / "demo" / "en.yaml"
    en.write_text(en.read_text() + "      - illustration: {id: photo, description: A photo, "
                  "alt: A photo, asset: illustrations/photo.jpg}\n")
    full = built_pdf(ws)
    small = built_pdf(ws, max_image_dpi=mail.EMAIL_DPI)
    assert len(full) > 2_000_000 and len(small) < 1_000_000
    with pikepdf.open(BytesIO(small)) as pdf:
        widths = [
            int(x.Width) for page in pdf.pages for x in page.get_images().values()
        ]
    assert widths and max(widths) <= 6.5 * mail.EMAIL_DPI + 1
    assert built_pdf(ws, max_image_dpi=mail.EMAIL_DPI) == small  # still deterministic


# ---------------------------------------------------------------- sending


def test_sent_message_is_what_was_built(cli, ws: Path) -> None:
    assert cli("build", "demo", "--clinic", "test", "-o", "built.pdf").exit_code == 0
    with smtp_server() as (inbox, port):
        result = cli("email", "demo", "--to", PATIENT, "--clinic", "test",
                     "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 0, result.output
    assert "sent to p***@e***.org" in result.output and PATIENT not in result.output
    (mail_from, rcpt, _, _), = inbox.received
    assert (mail_from, rcpt) == ("neuro@clinic.example", [PATIENT])
    msg = inbox.message()
    assert msg["Subject"] == "Your brochure: Demo brochure"
    assert msg["To"] == PATIENT
    assert "This is the main message." in msg.get_body(("plain",)).get_content()
    (pdf,) = attachments(msg)
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "Demo brochure.pdf"
    assert pdf.get_content() == (ws / "built.pdf").read_bytes()


def test_a_retry_never_sends_twice(cli) -> None:
    args = ("email", "demo", "--to", PATIENT, "--clinic", "test")
    with smtp_server() as (inbox, port):
        assert cli(*args, "--smtp", f"127.0.0.1:{port}").exit_code == 0
        again = cli(*args, "--smtp", f"127.0.0.1:{port}")
        assert again.exit_code == 1 and "already sent" in again.output
        assert len(inbox.received) == 1
        assert cli(*args, "--smtp", f"127.0.0.1:{port}", "--resend").exit_code == 0
        assert len(inbox.received) == 2
        assert inbox.message(0)["Message-ID"] == inbox.message(1)["Message-ID"]


def test_a_dropped_connection_is_not_retried_blindly(cli, monkeypatch) -> None:
    def drop(self, msg):
        self.close()
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    args = ("email", "demo", "--to", PATIENT, "--clinic", "test")
    with smtp_server() as (inbox, port):
        with monkeypatch.context() as patch:
            patch.setattr(smtplib.SMTP, "data", drop)
            first = cli(*args, "--smtp", f"127.0.0.1:{port}")
        assert first.exit_code == 1 and "may or may not have been delivered" in first.output
        second = cli(*args, "--smtp", f"127.0.0.1:{port}")
        assert second.exit_code == 1 and "may have been delivered" in second.output
        assert inbox.received == []
        assert cli(*args, "--smtp", f"127.0.0.1:{port}", "--resend").exit_code == 0
        assert len(inbox.received) == 1


def test_journal_holds_no_address(cli, tmp_path: Path) -> None:
    with smtp_server() as (_, port):
        assert cli("email", "demo", "--to", PATIENT, "--clinic", "test",
                   "--smtp", f"127.0.0.1:{port}").exit_code == 0
    journal = (tmp_path / "state" / "sent-mail.jsonl").read_text()
    assert '"state": "sent"' in journal and "example.org" not in journal


def test_refused_connection_is_a_clear_error(cli) -> None:
    result = cli("email", "demo", "--to", PATIENT, "--clinic", "test",
                 "--smtp", f"127.0.0.1:{free_port()}")
    assert result.exit_code == 1
    assert "connection refused" in result.output and "Traceback" not in result.output


def test_rejected_recipient_is_named_masked(cli) -> None:
    with smtp_server() as (inbox, port):
        result = cli("email", "demo", "--to", "nobody@example.org", "--clinic", "test",
                     "--smtp", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert "refused the recipient n***@e***.org: 550" in result.output
    assert "nobody@example.org" not in result.output
    assert inbox.received == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_credentials_from_the_environment_only(cli) -> None:
    args = ("email", "demo", "--to", PATIENT, "--clinic", "test")
    with smtp_server(
        authenticator=authenticator, auth_required=True, auth_require_tls=False
    ) as (inbox, port):
        wrong = cli(*args, "--smtp", f"127.0.0.1:{port}",
                    env={"BROCHURE_SMTP_USER": "clinic", "BROCHURE_SMTP_PASSWORD": "guess"})
        assert wrong.exit_code == 1
        assert "refused the user name or password (535" in wrong.output
        assert "guess" not in wrong.output
        missing = cli(*args, "--smtp", f"127.0.0.1:{port}")
        assert missing.exit_code == 1 and "wants a login" in missing.output
        right = cli(*args, "--smtp", f"127.0.0.1:{port}",
                    env={"BROCHURE_SMTP_USER": "clinic", "BROCHURE_SMTP_PASSWORD": "s3cret-pw"})
        assert right.exit_code == 0, right.output
        assert "s3cret-pw" not in right.output
    assert len(inbox.received) == 1
    half = cli(*args, "--smtp", "127.0.0.1:2525", env={"BROCHURE_SMTP_USER": "clinic"})
    assert half.exit_code == 2 and "set both" in half.output


def test_tls_is_required_off_loopback(ws: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(mail, "loopback_addresses", lambda host: [])
    msg = _message(ws)
    with smtp_server() as (inbox, port):
        server = mail.parse_server(f"127.0.0.1:{port}")
        with pytest.raises(mail.MailError, match="does not offer STARTTLS"):
            mail.send(msg, server, mail.Journal(tmp_path / "j"), ("clinic", "s3cret-pw"))
    assert inbox.received == []


def test_starttls_and_implicit_tls(ws: Path, tmp_path: Path, certificate, monkeypatch) -> None:
    monkeypatch.setattr(mail, "loopback_addresses", lambda host: [])
    trust = ssl.create_default_context(cafile=str(certificate[0]))
    journal = mail.Journal(tmp_path / "j")
    with smtp_server(tls_context=server_context(certificate), require_starttls=True) as (
        inbox, port,
    ):
        used = mail.send(_message(ws), mail.parse_server(f"127.0.0.1:{port}"), journal,
                         context=trust)
    assert used == "starttls" and inbox.received[0][3] is True
    with smtp_server(ssl_context=server_context(certificate)) as (inbox, port):
        server = mail.Server("127.0.0.1", port, "implicit")
        used = mail.send(_message(ws, "b@example.org"), server, journal, context=trust)
    assert used == "implicit" and len(inbox.received) == 1


def test_an_untrusted_certificate_stops_the_send(ws: Path, tmp_path: Path, certificate) -> None:
    with smtp_server(tls_context=server_context(certificate)) as (inbox, port):
        with pytest.raises(mail.MailError, match="certificate is not trusted"):
            mail.send(_message(ws), mail.parse_server(f"127.0.0.1:{port}"),
                      mail.Journal(tmp_path / "j"), context=ssl.create_default_context())
    assert inbox.received == []


@pytest.mark.parametrize(
    ("value", "server"),
    [
        ("smtp.example.org", ("smtp.example.org", 587, "starttls")),
        ("smtp.example.org:465", ("smtp.example.org", 465, "implicit")),
        ("[::1]:2525", ("::1", 2525, "starttls")),
    ],
)
def test_parse_server(value: str, server: tuple) -> None:
    parsed = mail.parse_server(value)
    assert (parsed.host, parsed.port, parsed.tls) == server


def test_loopback_is_decided_by_every_address_a_name_resolves_to(monkeypatch) -> None:
    assert mail.is_loopback("127.0.0.1") and mail.is_loopback("::1")
    assert mail.is_loopback("127.8.9.10") and not mail.is_loopback("10.0.0.1")
    answers = {
        "localhost": ["127.0.0.1", "::1"],
        "localhost.": ["203.0.113.7"],  # the spelling says loopback; the answer does not
        "mixed.example": ["127.0.0.1", "203.0.113.7"],
    }

    def resolve(host, port, *args, **kwargs):
        if host not in answers:
            raise socket.gaierror(-2, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, 0)) for a in answers[host]]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert mail.is_loopback("localhost")
    assert not mail.is_loopback("localhost.")
    assert not mail.is_loopback("mixed.example")
    assert not mail.is_loopback("smtp.example.org")  # unknown: never loopback


def test_a_name_that_is_not_loopback_needs_tls(ws: Path, tmp_path: Path, monkeypatch) -> None:
    # `localhost.` resolving elsewhere (or not at all) is not trusted for its spelling.
    msg = _message(ws)
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "localhost.":
            return real("127.0.0.1", port, *args, **kwargs)[:1] + [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("203.0.113.7", port or 0))
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with smtp_server() as (inbox, port):
        with pytest.raises(mail.MailError, match="does not offer STARTTLS"):
            mail.send(msg, mail.parse_server(f"localhost.:{port}"), mail.Journal(tmp_path / "j"))
    assert inbox.received == []


def test_a_loopback_name_is_connected_at_the_address_it_was_judged_by(
    ws: Path, tmp_path: Path, monkeypatch
) -> None:
    answers = iter([["127.0.0.1"], ["203.0.113.7"]])  # a second DNS answer would differ
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host == "mail.internal":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
                    for a in next(answers)]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with smtp_server() as (inbox, port):
        used = mail.send(_message(ws), mail.parse_server(f"mail.internal:{port}"),
                         mail.Journal(tmp_path / "j"))
    assert used == "none" and len(inbox.received) == 1


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("smtp.example.org:" + "5" * 5000, "port 555555… (5000 digits) is out of range"),
        ("smtp.example.org:70000", "port 70000 is out of range"),
        ("smtp.example.org:0", "port 0 is out of range"),
    ],
)
def test_a_bad_port_is_refused_in_words(value: str, words: str) -> None:
    with pytest.raises(mail.MailError, match=re.escape(words)):
        mail.parse_server(value)


def test_an_ehlo_reply_over_8_kb_is_a_clear_error(ws: Path, tmp_path: Path) -> None:
    import threading

    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def serve() -> None:
        conn, _ = listener.accept()
        with conn:
            conn.sendall(b"220 hello\r\n")
            conn.recv(1024)
            conn.sendall(b"250-" + b"x" * 9000 + b"\r\n250 ok\r\n")
            conn.recv(1024)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        with pytest.raises(mail.MailError, match="gave a reply we cannot use"):
            mail.send(_message(ws), mail.parse_server(f"127.0.0.1:{port}"),
                      mail.Journal(tmp_path / "j"), timeout=5)
    finally:
        listener.close()
        thread.join(5)


@pytest.mark.parametrize(
    ("subject", "name"),
    [
        ("Hi\r\nBcc: x@example.org", "a carriage return (CR)"),
        ("Hi\nthere", "a line feed (LF)"),
        ("Hi\vthere", "a vertical tab"),
        ("Hi\x85there", "a next-line character (NEL)"),
        ("Hi\u2028there", "a line separator (U+2028)"),
        ("Hi\x07there", "a control character (U+0007)"),
    ],
)
def test_a_subject_or_sender_name_must_be_one_line(ws: Path, subject: str, name: str) -> None:
    loaded = load_brochure(ws / "content" / "demo", ws)
    content = loaded.languages["en"].content
    sender = mail.Sender("neuro@clinic.example", "Clinic")
    with pytest.raises(mail.MailError, match=re.escape(f"the subject must be one line of text, "
                                                       f"but has {name} at character 3")):
        mail.compose(content, "en", b"%PDF", PATIENT, sender, subject)
    with pytest.raises(mail.MailError, match=re.escape(f"the sender's name must be one line of "
                                                       f"text, but has {name}")):
        mail.compose(content, "en", b"%PDF", PATIENT, mail.Sender("a@clinic.example", subject))


def _message(ws: Path, to: str = PATIENT):
    loaded = load_brochure(ws / "content" / "demo", ws)
    sender = mail.Sender("neuro@clinic.example", "Clinic")
    return mail.compose(loaded.languages["en"].content, "en", built_pdf(ws), to, sender)


# ---------------------------------------------------------------- nothing unsafe reaches a patient


def _add_draft_es(ws: Path) -> None:
    folder = ws / "content" / "demo"
    es = (folder / "en.yaml").read_text().replace("language: en", "language: es")
    (folder / "es.yaml").write_text(es.replace(
        "language: es", "language: es\ntranslation: {status: draft, source_revision: x}"))


def test_a_draft_translation_is_not_sent_without_allow_draft(cli, ws: Path) -> None:
    _add_draft_es(ws)
    args = ["email", "demo", "--to", PATIENT, "--clinic", "test", "--lang", "es"]
    refused = cli(*args, "--eml", "m.eml")
    assert refused.exit_code == 1
    first = refused.stderr.splitlines()[0]
    assert first.startswith("content/demo/es.yaml:2:") and "translation is a draft" in first
    assert "--allow-draft" in first and "no qualified translator has checked it" in first
    assert not (ws / "m.eml").exists()
    allowed = cli(*args, "--eml", "m.eml", "--allow-draft")
    assert allowed.exit_code == 0, allowed.output
    assert (ws / "m.eml").is_file()


def test_a_pdf_in_another_language_is_not_attached(cli, ws: Path) -> None:
    (ws / "en.pdf").write_bytes(built_pdf(ws))
    _add_draft_es(ws)
    args = ["email", "demo", "--to", PATIENT, "--clinic", "test", "--pdf", "en.pdf"]
    refused = cli(*args, "--lang", "es", "--allow-draft", "--eml", "m.eml")
    assert refused.exit_code == 1
    assert (
        "en.pdf: the PDF is in `en` but the message is in `es`: a patient would get a letter "
        "in one language and a brochure in another; give --lang en or the `es` PDF"
    ) in refused.stderr.splitlines()
    assert not (ws / "m.eml").exists()
    (ws / "notes.pdf").write_text("not a pdf")
    garbage = cli("email", "demo", "--to", PATIENT, "--clinic", "test", "--pdf", "notes.pdf",
                  "--eml", "m.eml")
    assert garbage.exit_code == 1 and "not a PDF file" in garbage.stderr
    same = cli(*args, "--lang", "en", "--eml", "m.eml")
    assert same.exit_code == 0, same.output


def test_a_clinic_name_on_two_lines_is_a_clear_error(cli, ws: Path) -> None:
    (ws / "clinics" / "test.yaml").write_text(
        'name: "Test Clinic\\u2028Bcc: x@example.org"\nemail: neuro@clinic.example\n'
    )
    result = cli("email", "demo", "--to", PATIENT, "--clinic", "test", "--eml", "m.eml")
    assert result.exit_code == 1
    assert "Traceback" not in result.output and not (ws / "m.eml").exists()
    assert "line separator (U+2028)" in result.output or "U+2028" in result.output


def test_eml_html_part_is_the_html_edition_and_the_pdf_stays_attached(ms_workspace, monkeypatch):
    """A patient on a phone reads the brochure in the mail itself: every section of the
    HTML edition, styles inlined for mail clients; the PDF is still attached."""
    import html as html_module

    monkeypatch.chdir(ms_workspace)
    result = CliRunner().invoke(main, ["email", "ms-stem-cells", "--to", PATIENT, "--lang", "es",
                                       "--clinic", "lakeside", "--allow-draft", "--eml", "m.eml"])
    assert result.exit_code == 0, result.output
    msg = email.message_from_bytes((ms_workspace / "m.eml").read_bytes(), policy=policy.default)
    page = msg.get_body(("html",)).get_content()
    loaded = load_brochure(ms_workspace / "content" / "ms-stem-cells", ms_workspace, ["es"])
    shown = html_module.unescape(re.sub(r"<[^>]+>", "", page.split("<body", 1)[1]))
    for section in loaded.languages["es"].content.sections:
        assert mail.plain_text(section.title) in shown
        assert re.search(rf'<h2 id="s-{section.id}" style="[^"]*color:', page)
    assert "<style" not in page and "<script" not in page.lower() and "var(--" not in page
    assert '<html lang="es" dir="ltr"' in page
    assert "Hola" in shown.split(mail.plain_text(loaded.languages["es"].content.title))[0]
    (pdf,) = attachments(msg)
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_content().startswith(b"%PDF")
