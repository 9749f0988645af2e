"""Email a brochure to a patient: a standard MIME message, written to a file or sent by SMTP.

The message says who it is from (the clinic), what it is (a localized subject and a short
plain-text and HTML body made from the brochure's title and summary) and carries the PDF
under a file name a patient recognises. Addresses are patient data: they are validated
before anything is built and only ever shown masked (`p***@e***.org`).

Sending is careful because a patient must not get the same mail twice and nothing may
travel in clear text: TLS (STARTTLS or implicit) is required for any server outside
loopback, credentials come only from the environment, and a journal of message ids
(hashes only, no addresses) refuses to send a message that was sent — or may have been
sent — before, unless told to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import ipaddress
import json
import os
import re
import smtplib
import socket
import ssl
import unicodedata
from collections.abc import Mapping
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Literal

from brochure.content.loader import LoadedBrochure
from brochure.content.markup import parse, plain_text
from brochure.content.model import Clinic, LanguageFile
from brochure.content.spans import Span
from brochure.html import email_html
from brochure.language.script import is_rtl
from brochure.language.strings import load_strings
from brochure.records import record

EMAIL_DPI = 150  # pictures in the email edition: enough for screen and home printing
WARN_BYTES = 2_000_000  # many patients read mail on phones with small quotas
LIMIT_BYTES = 10_000_000  # common provider limit for a whole message
USER_ENV, PASSWORD_ENV = "BROCHURE_SMTP_USER", "BROCHURE_SMTP_PASSWORD"
Tls = Literal["starttls", "implicit", "none"]


class MailError(Exception):
    """A message that cannot be made or sent; the text is safe to show (no full address,
    no credential)."""


# ---------------------------------------------------------------- addresses

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
_LABEL = r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)"
_ADDRESS = re.compile(rf"^({_LOCAL})@({_LABEL}(?:\.{_LABEL})*\.[A-Za-z]{{2,63}})$")


def check_address(text: str) -> str:
    """The address in a form SMTP accepts (international domains as IDNA), or MailError.

    Only a bare `local@domain.tld`: no display names, lists or comments, which is where
    header injection and misdirected mail come from.
    """
    value = text.strip()
    local, _, domain = value.rpartition("@")
    try:
        domain = domain.encode("idna").decode("ascii") if domain else domain
    except UnicodeError:
        domain = ""
    address = f"{local}@{domain}"
    if len(address) > 254 or len(local) > 64 or not _ADDRESS.match(address):
        raise MailError(f"`{mask(value)}` is not an email address (expected name@example.org)")
    return address


def mask(address: str) -> str:
    """An address as logs show it: first letters and the top-level domain only."""
    local, at, domain = address.strip().rpartition("@")
    if not at:
        return (address[:1] + "***") if address else "***"
    host, dot, tld = domain.rpartition(".")
    shown_domain = f"{host[:1]}***{dot}{tld}" if dot else f"{domain[:1]}***"
    return f"{local[:1]}***@{shown_domain}"


# ---------------------------------------------------------------- the message


@record(frozen=True)
class Sender:
    """Who the mail is from: an address, a display name and the contact lines it ends with."""

    address: str
    name: str | None = None
    reply_to: str | None = None
    contact: tuple[str, ...] = ()

    @classmethod
    def of(cls, clinic: Clinic | None, address: str | None, publisher: str | None) -> Sender:
        """The clinic as sender; `address` (--from) overrides the clinic's own email."""
        chosen = address or (clinic.email if clinic else None)
        if not chosen:
            raise MailError(
                "no sender address: give --from ADDRESS or a clinic profile with an `email`"
            )
        sender = check_address(chosen)
        reply = check_address(clinic.email) if clinic and clinic.email else None
        contact: tuple[str, ...] = ()
        if clinic:
            contact = tuple(
                v for v in (clinic.phone, clinic.email, clinic.website, clinic.address) if v
            )
        name = clinic.name if clinic else publisher
        return cls(sender, name, reply if reply != sender else None, contact)


# Characters that end a line somewhere (mail headers, mail clients, Unicode-aware
# readers) or control a terminal: never in a subject or a sender's name.
_LINE_BREAKS = {
    "\r": "a carriage return (CR)", "\n": "a line feed (LF)", "\v": "a vertical tab",
    "\f": "a form feed", "\x1c": "a file separator", "\x1d": "a group separator",
    "\x1e": "a record separator", "\x85": "a next-line character (NEL)",
    "\u2028": "a line separator (U+2028)", "\u2029": "a paragraph separator (U+2029)",
}


def check_one_line(value: str, what: str) -> str:
    """`value` if it is one line of printable text, else MailError naming the character.

    Python's email package would refuse CR/LF itself (no header injection), but with a
    traceback; other line breaks would pass and split the subject in some mail clients.
    """
    for index, ch in enumerate(value):
        name = _LINE_BREAKS.get(ch)
        if name is None and unicodedata.category(ch) == "Cc" and ch != "\t":
            name = f"a control character (U+{ord(ch):04X})"
        if name is not None:
            raise MailError(
                f"{what} must be one line of text, but has {name} at character {index + 1}; "
                "remove it"
            )
    return value


def _html_spans(text: str) -> str:
    out: list[str] = []
    for item in parse(text).items:
        if not isinstance(item, Span):
            continue
        piece = html.escape(item.text)
        if item.bold:
            piece = f"<strong>{piece}</strong>"
        if item.italic:
            piece = f"<em>{piece}</em>"
        if item.href:
            piece = f'<a href="{html.escape(item.href, quote=True)}">{piece}</a>'
        out.append(piece)
    return re.sub(r"\s+([.,;:!?])", r"\1", "".join(out)).strip()


def attachment_name(title: str) -> str:
    """A file name a patient recognises: the brochure's title, safe on every system."""
    name = unicodedata.normalize("NFC", plain_text(title))
    name = re.sub(r'[\x00-\x1f\x7f/\\:*?"<>|]+', " ", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if len(name) > 80:
        name = name[:80].rsplit(" ", 1)[0].rstrip(" .,;:-")
    return (name or "brochure") + ".pdf"


def message_id(to: str, sender: Sender, subject: str, pdf: bytes) -> str:
    """The same mail always gets the same id: mail clients drop duplicates by it, and the
    send journal knows a retry when it sees one."""
    h = hashlib.sha256("\0".join([to.lower(), sender.address.lower(), subject]).encode())
    h.update(hashlib.sha256(pdf).digest())
    domain = sender.address.rpartition("@")[2]
    return f"<{h.hexdigest()[:40]}@{domain}>"


def compose(
    content: LanguageFile,
    lang: str,
    pdf: bytes,
    to: str,
    sender: Sender,
    subject: str | None = None,
    date: dt.datetime | None = None,
    brochure: LoadedBrochure | None = None,
    edition: str | None = None,
    clinic: Clinic | None = None,
) -> EmailMessage:
    """The whole message: headers, plain-text and HTML bodies, the PDF attached.

    With `brochure`, the HTML part is the brochure's HTML edition (its email form, styles
    inlined) inside the covering letter, so a patient on a phone reads it without
    opening the PDF; without, it is the letter with the main message only.
    """
    strings = load_strings(lang)
    title = plain_text(content.title)
    subject = check_one_line(subject or strings["email_subject"].format(title=title),
                             "the subject")
    if sender.name:
        check_one_line(sender.name, "the sender's name")
    recipient = check_address(to)
    msg = EmailMessage(policy=policy.SMTP)
    msg["Subject"] = subject
    msg["From"] = Address(display_name=sender.name or "", addr_spec=sender.address)
    msg["To"] = Address(addr_spec=recipient)
    if sender.reply_to:
        msg["Reply-To"] = Address(display_name=sender.name or "", addr_spec=sender.reply_to)
    msg["Date"] = format_datetime(date or dt.datetime.now(dt.UTC))
    msg["Message-ID"] = message_id(recipient, sender, subject, pdf)
    msg.set_content(_text_body(content, strings, sender, title))
    if brochure is not None:
        before, after = _letter(content, strings, sender, title, contact=clinic is None)
        page = email_html(brochure, lang, edition, None, clinic, before, after).html
    else:
        page = _html_body(content, lang, strings, sender, title)
    msg.add_alternative(page, subtype="html")
    msg.add_attachment(
        pdf, maintype="application", subtype="pdf", filename=attachment_name(content.title)
    )
    msg["Content-Language"] = lang  # after the body: set_content drops Content-* headers
    return msg


def _text_body(
    content: LanguageFile, strings: Mapping[str, str], sender: Sender, title: str
) -> str:
    parts = [
        strings["email_greeting"],
        strings["email_intro"].format(title=title),
        plain_text(content.summary),
        strings["email_questions"],
    ]
    if sender.name or sender.contact:
        parts.append("\n".join([n for n in [sender.name] if n] + list(sender.contact)))
    parts.append(strings["email_signoff"] + ("\n" + sender.name if sender.name else ""))
    parts.append("-- \n" + strings["disclaimer"])
    return "\n\n".join(parts) + "\n"


def _contact_html(line: str) -> str:
    text = html.escape(line)
    if re.fullmatch(r"\+?[0-9 ()-]{6,}", line):
        return f'<a href="tel:{html.escape(re.sub(r"[^0-9+]", "", line))}">{text}</a>'
    if "@" in line and " " not in line:
        return f'<a href="mailto:{text}">{text}</a>'
    if line.startswith(("https://", "http://")):
        return f'<a href="{text}">{text}</a>'
    return text


def _letter(
    content: LanguageFile, strings: Mapping[str, str], sender: Sender, title: str,
    contact: bool = True,
) -> tuple[list[str], list[str]]:
    """The covering letter as HTML paragraphs: (before the brochure, after it)."""
    esc = html.escape
    intro = esc(strings["email_intro"]).replace(
        esc("{title}"), f"<strong>{esc(title)}</strong>"
    )
    before = [f"<p>{esc(strings['email_greeting'])}</p>", f"<p>{intro}</p>"]
    after = [f"<p>{esc(strings['email_questions'])}</p>"]
    lines = [f"<strong>{esc(sender.name)}</strong>"] if sender.name else []
    lines += [_contact_html(line) for line in sender.contact] if contact else []
    if lines:
        after.append("<p>" + "<br>".join(lines) + "</p>")
    after.append(f"<p>{esc(strings['email_signoff'])}</p>")
    return before, after


def _html_body(
    content: LanguageFile, lang: str, strings: Mapping[str, str], sender: Sender, title: str
) -> str:
    direction = "rtl" if is_rtl(lang) else "ltr"
    esc = html.escape
    before, after = _letter(content, strings, sender, title)
    rows = [
        *before,
        f'<p style="border-inline-start:4px solid #1F4E79;padding-inline-start:12px">'
        f"{_html_spans(content.summary)}</p>",
        *after,
    ]
    rows.append(f'<p style="color:#555;font-size:90%">{esc(strings["disclaimer"])}</p>')
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}" dir="{direction}">\n'
        f'<head><meta charset="utf-8"><title>{esc(title)}</title></head>\n'
        '<body style="font-family:sans-serif;font-size:16px;line-height:1.5;max-width:40em">\n'
        + "\n".join(rows)
        + "\n</body>\n</html>\n"
    )


def as_bytes(msg: EmailMessage) -> bytes:
    """The message as it goes over the wire (CRLF line ends), and as an .eml file."""
    return msg.as_bytes(policy=policy.SMTP)


def size_check(size: int, force: bool = False) -> str | None:
    """A warning for a large message, None when small; MailError above the limit."""
    if size > LIMIT_BYTES and not force:
        raise MailError(
            f"the message is {size / 1e6:.1f} MB, over the {LIMIT_BYTES / 1e6:.0f} MB many mail "
            "servers refuse; use smaller pictures, fewer sections (--edition), or --force"
        )
    if size > WARN_BYTES:
        return (
            f"the message is {size / 1e6:.1f} MB (over {WARN_BYTES / 1e6:.0f} MB): slow to "
            "download on a phone; consider a shorter edition"
        )
    return None


# ---------------------------------------------------------------- sending


@record(frozen=True)
class Server:
    host: str
    port: int
    tls: Tls  # implicit: TLS from the first byte (port 465); starttls: upgrade in place

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    def __str__(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"


def is_loopback(host: str) -> bool:
    """True for this machine only: an address in 127.0.0.0/8 or ::1, or a name every one of
    whose addresses is. A name is resolved, never trusted for its spelling (`localhost.`,
    `localhost.example.org` and a hosts-file entry may point anywhere)."""
    return bool(loopback_addresses(host))


def loopback_addresses(host: str) -> list[str]:
    """The addresses `host` stands for when all of them are loopback, else []."""
    try:
        return [host] if ipaddress.ip_address(host).is_loopback else []
    except ValueError:
        pass
    try:
        found = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    try:
        if addresses and all(ipaddress.ip_address(a).is_loopback for a in addresses):
            return addresses
    except ValueError:
        pass
    return []


def parse_server(value: str, tls: Tls | None = None) -> Server:
    """HOST, HOST:PORT or [IPv6]:PORT; port 465 means implicit TLS, otherwise STARTTLS
    (587 by default). Loopback hosts may go without TLS when the server offers none."""
    match = re.fullmatch(r"\[([0-9A-Fa-f:.]+)\](?::(\d+))?|([^:\s\[\]]+)(?::(\d+))?", value.strip())
    if not match:
        raise MailError(f"`{value}` is not HOST or HOST:PORT")
    host = match.group(1) or match.group(3)
    digits = match.group(2) or match.group(4) or "587"
    if len(digits) > 5 or not 0 < int(digits) < 65536:
        shown = digits if len(digits) <= 12 else f"{digits[:6]}… ({len(digits)} digits)"
        raise MailError(f"port {shown} is out of range (1 to 65535; 587 STARTTLS, 465 TLS)")
    port = int(digits)
    if len(host) > 253:
        raise MailError(f"host name `{host[:20]}…` is longer than 253 characters")
    return Server(host, port, tls or ("implicit" if port == 465 else "starttls"))


def credentials(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(user, password) from BROCHURE_SMTP_USER / BROCHURE_SMTP_PASSWORD, or None."""
    env = os.environ if environ is None else environ
    user, password = env.get(USER_ENV), env.get(PASSWORD_ENV)
    if bool(user) != bool(password):
        raise MailError(f"set both {USER_ENV} and {PASSWORD_ENV}, or neither")
    return (user, password) if user and password else None


class Journal:
    """What was sent, keyed by a hash of the Message-ID (which already covers the
    recipient), so a retry never sends twice and the file holds no address."""

    def __init__(self, path: Path):
        self.path = path

    @staticmethod
    def key(msg_id: str) -> str:
        return hashlib.sha256(msg_id.encode()).hexdigest()[:32]

    def state(self, msg_id: str) -> dict | None:
        key, last = self.key(msg_id), None
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return None
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # a line cut short by a crash
            if isinstance(entry, dict) and entry.get("key") == key:
                last = entry
        return last

    def record(self, msg_id: str, state: str, server: Server) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        entry = {
            "key": self.key(msg_id),
            "state": state,
            "server": str(server),
            "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry) + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def send(
    msg: EmailMessage,
    server: Server,
    journal: Journal,
    login: tuple[str, str] | None = None,
    context: ssl.SSLContext | None = None,
    resend: bool = False,
    timeout: float = 30.0,
) -> Tls:
    """Send over SMTP; returns the protection used. MailError for every failure, with
    words a clinic's staff can act on. Nothing is sent twice: see `Journal`."""
    msg_id = str(msg["Message-ID"])
    earlier = journal.state(msg_id)
    if earlier and earlier.get("state") in ("sent", "sending") and not resend:
        when = earlier.get("at", "earlier")
        if earlier["state"] == "sent":
            raise MailError(f"this message was already sent ({when}); use --resend to send it "
                            "again")
        raise MailError(
            f"an earlier attempt ({when}) lost the connection while the server was receiving "
            "the message, so it may have been delivered; check with the recipient, then use "
            "--resend to send it again"
        )
    context = context or ssl.create_default_context()
    to = msg["To"].addresses[0].addr_spec
    sender = msg["From"].addresses[0].addr_spec
    data = as_bytes(msg)
    # Resolved once: the connection goes to the very addresses judged loopback, so a
    # second DNS answer cannot take patient mail elsewhere in clear text.
    pinned = loopback_addresses(server.host)
    smtp = _connect(server, context, timeout, pinned[0] if pinned else None)
    try:
        used = _secure(smtp, server, context, bool(pinned))
        if login is not None:
            _login(smtp, server, used, login)
        _envelope(smtp, sender, to)
        journal.record(msg_id, "sending", server)
        try:
            smtp.data(data)
        except smtplib.SMTPDataError as exc:
            journal.record(msg_id, "refused", server)
            why = _reply(exc.smtp_code, exc.smtp_error)
            raise MailError(f"{server} refused the message: {why}") from None
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            raise MailError(
                f"the connection to {server} dropped while sending ({exc.__class__.__name__}); "
                "the message may or may not have been delivered, so it is not retried "
                "automatically; check with the recipient, then use --resend"
            ) from None
        journal.record(msg_id, "sent", server)
        return used
    except smtplib.SMTPServerDisconnected:
        raise MailError(f"{server} closed the connection before the message was sent; nothing "
                        "was delivered, so it is safe to try again") from None
    except smtplib.SMTPResponseException as exc:  # e.g. a reply line over 8 KB
        why = _reply(exc.smtp_code, exc.smtp_error)[:200]
        raise MailError(f"{server} gave a reply we cannot use ({why}); nothing was sent") from None
    except (smtplib.SMTPException, OSError) as exc:
        raise MailError(f"{server}: the conversation failed ({exc.__class__.__name__}); "
                        "nothing was sent") from None
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def _connect(
    server: Server, context: ssl.SSLContext, timeout: float, address: str | None = None
) -> smtplib.SMTP:
    """Connect and read the greeting; to `address` when given (the name stays the TLS
    server name)."""
    try:
        if server.tls == "implicit":
            return smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
        if address is None:
            return smtplib.SMTP(server.host, server.port, timeout=timeout)
        smtp = smtplib.SMTP(timeout=timeout)
        smtp._host = server.host  # what STARTTLS checks the certificate against
        code, greeting = smtp.connect(address, server.port)
        if code != 220:
            smtp.close()
            raise smtplib.SMTPConnectError(code, greeting)
        return smtp
    except ConnectionRefusedError:
        raise MailError(f"could not connect to {server}: connection refused (is the mail "
                        "server running, and is the port right? 587 STARTTLS, 465 TLS)") from None
    except socket.gaierror:
        raise MailError(f"could not connect to {server}: unknown host name") from None
    except ssl.SSLCertVerificationError as exc:
        raise MailError(f"{server}: the server's TLS certificate is not trusted "
                        f"({exc.verify_message}); nothing was sent") from None
    except ssl.SSLError as exc:
        raise MailError(f"{server}: TLS failed ({exc.reason}); is port {server.port} "
                        "really implicit TLS?") from None
    except TimeoutError:
        raise MailError(f"could not connect to {server}: timed out") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"{server} did not greet as a mail server: {exc}") from None
    except OSError as exc:
        raise MailError(f"could not connect to {server}: {exc.strerror or exc}") from None


def _secure(
    smtp: smtplib.SMTP, server: Server, context: ssl.SSLContext, loopback: bool
) -> Tls:
    """STARTTLS when offered; required unless the server is on this machine."""
    smtp.ehlo()
    if server.tls == "implicit":
        return "implicit"
    if smtp.has_extn("starttls"):
        try:
            smtp.starttls(context=context)
        except ssl.SSLCertVerificationError as exc:
            raise MailError(f"{server}: the server's TLS certificate is not trusted "
                            f"({exc.verify_message}); nothing was sent") from None
        except (ssl.SSLError, smtplib.SMTPException) as exc:
            raise MailError(f"{server}: STARTTLS failed ({exc}); nothing was sent") from None
        smtp.ehlo()
        return "starttls"
    if not loopback:
        raise MailError(
            f"{server} does not offer STARTTLS; patient mail is never sent unencrypted "
            "(only to a server on this machine: a name is trusted when every address it "
            "resolves to is loopback). Use the server's submission port (587 with STARTTLS, "
            "or 465 with implicit TLS)"
        )
    return "none"


def _login(smtp: smtplib.SMTP, server: Server, used: Tls, login: tuple[str, str]) -> None:
    if used == "none" and not is_loopback(server.host):  # _secure refuses this; belt, braces
        raise MailError("credentials are never sent without TLS")
    try:
        smtp.login(*login)
    except smtplib.SMTPAuthenticationError as exc:
        why = _reply(exc.smtp_code, exc.smtp_error)
        raise MailError(
            f"{server} refused the user name or password ({why}); "
            f"check {USER_ENV} and {PASSWORD_ENV}"
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise MailError(f"{server} does not accept a login (no AUTH); unset {USER_ENV} and "
                        f"{PASSWORD_ENV}, or use the server's submission port") from None
    except smtplib.SMTPException as exc:
        raise MailError(f"{server}: login failed ({exc.__class__.__name__})") from None


def _envelope(smtp: smtplib.SMTP, sender: str, to: str) -> None:
    code, reply = smtp.mail(sender)
    if code != 250:
        hint = ""
        if code in (530, 535) or b"auth" in reply.lower():
            hint = f"; the server wants a login: set {USER_ENV} and {PASSWORD_ENV}"
        raise MailError(f"the server refused the sender {mask(sender)}: "
                        f"{_reply(code, reply)}{hint}")
    code, reply = smtp.rcpt(to)
    if code not in (250, 251):
        smtp.rset()
        raise MailError(f"the server refused the recipient {mask(to)}: {_reply(code, reply)}; "
                        "nothing was sent")


def _reply(code: int, text: bytes | str) -> str:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    # Servers sometimes echo the address back: never show it in full.
    text = re.sub(r"[^\s<>]+@[^\s<>]+", lambda m: mask(m.group(0)), text)
    return f"{code} {' '.join(text.split())}"
