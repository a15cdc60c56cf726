"""Send one built week of the Communiqué over SMTP: `make digest-mail WEEK=2026-w48`.

    python -m weekly_digest.mail --output output [--week 2026-w48] [--lang en] [--settings publishconf.py]

It sends what the build in `--output` holds (digest/<week>/email.html and
email.txt, the language edition's under <lang>/), as one multipart message
(text, then HTML: mail programs show the last alternative they can), to
every address of DIGEST_TO in one SMTP transaction. All or nothing: the
message is handed over only once the server has accepted the sender and
every recipient; a connection, TLS, login or recipient failure sends
nothing, says why on stderr and exits non-zero. The server, account and
addresses come from the environment (docs/digest.md):

    DIGEST_SMTP_HOST, DIGEST_SMTP_PORT (587 for starttls, 465 for tls, 25 for none),
    DIGEST_SMTP_USER, DIGEST_SMTP_PASSWORD (both or neither), DIGEST_FROM,
    DIGEST_TO (comma-separated), DIGEST_SMTP_TLS (starttls | tls | none)

The Message-ID is made from the week's digest id, so a resend of the same
week and language has the same Message-ID and mail programs and archives
recognise it. Recipients are not shown to each other (To: is the
undisclosed-recipients group when there are several).
"""

from __future__ import annotations

import argparse
import os
import re
import smtplib
import ssl
import sys
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate, parseaddr
from pathlib import Path

from .weeks import Week, WeekError

TLS_MODES = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT = 60  # seconds for the connection and each command


class MailError(Exception):
    """Why nothing was sent: printed as it is, and the command exits non-zero."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    tls: str
    user: str | None
    password: str | None
    sender: str  # as written: "Name <address>" or an address
    recipients: tuple[str, ...]

    @classmethod
    def from_environment(cls, env: dict[str, str]) -> Smtp:
        """The DIGEST_* variables, every problem reported at once."""
        problems = []
        host = env.get("DIGEST_SMTP_HOST", "").strip()
        if not host:
            problems.append("DIGEST_SMTP_HOST is not set: the SMTP server's name, e.g. smtp.example.org")
        tls = env.get("DIGEST_SMTP_TLS", "").strip().lower() or "starttls"
        if tls not in TLS_MODES:
            problems.append(f"DIGEST_SMTP_TLS is {tls!r}; allowed: starttls (the default), tls, none")
        port_text = env.get("DIGEST_SMTP_PORT", "").strip()
        port = TLS_MODES.get(tls, 587)
        if port_text:
            if port_text.isdigit() and 0 < int(port_text) < 65536:
                port = int(port_text)
            else:
                problems.append(f"DIGEST_SMTP_PORT is {port_text!r}; allowed: a port number, 1 to 65535")
        user, password = env.get("DIGEST_SMTP_USER") or None, env.get("DIGEST_SMTP_PASSWORD") or None
        if bool(user) != bool(password):
            problems.append("DIGEST_SMTP_USER and DIGEST_SMTP_PASSWORD go together: set both, or neither")
        sender = env.get("DIGEST_FROM", "").strip()
        if not _address(sender):
            problems.append(f"DIGEST_FROM is {sender!r}; allowed: an address, or 'Name <address>'")
        recipients = tuple(r.strip() for r in env.get("DIGEST_TO", "").split(",") if r.strip())
        if not recipients:
            problems.append("DIGEST_TO is not set: the recipients' addresses, separated by commas")
        for bad in [r for r in recipients if not _address(r) or _address(r) != r]:
            problems.append(f"DIGEST_TO holds {bad!r}; allowed: bare addresses like name@example.org")
        if problems:
            raise MailError("cannot send the Communiqué:\n  " + "\n  ".join(problems))
        return cls(host, port, tls, user, password, sender, recipients)


def _address(text: str) -> str:
    _name, address = parseaddr(text)
    return address if re.fullmatch(r"[^@\s<>,]+@[^@\s<>,]+\.[^@\s<>,]+", address or "") else ""


@dataclass(frozen=True)
class Edition:
    """A built week's e-mail files and what the message says about them."""

    week: Week
    lang: str
    html: str
    text: str
    subject: str


def edition(output: Path, week: Week, lang: str, default_lang: str, sitename: str) -> Edition:
    folder = output / (f"digest/{week.name}" if lang == default_lang else f"{lang}/digest/{week.name}")
    files = [folder / "email.html", folder / "email.txt"]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise MailError(
            f"no e-mail files for week {week.name} in {lang}: {', '.join(missing)} not found. "
            "A week has them once it is over and from DIGEST_FIRST_WEEK on; build first (make publish)."
        )
    html, text = (f.read_text(encoding="utf-8") for f in files)
    if re.search(r'href="/', html):
        raise MailError(
            f"{files[0]} has links from the site's root, which a mail program cannot follow: "
            "build with publishconf.py and SITEURL set (make publish SITEURL=https://…)"
        )
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    subject = _unescape(title[1]).removesuffix(f" — {sitename}").strip() if title else f"{sitename} {week.name}"
    return Edition(week, lang, html, text, subject)


def _unescape(text: str) -> str:
    import html

    return html.unescape(" ".join(text.split()))


def message_id(authority: str, week: Week, lang: str) -> str:
    """<digest.2026-w48.en@freeexpression.example>: from the digest id tag:<authority>:digest/<week>."""
    name = authority.split(",", 1)[0]
    domain = name.rsplit("@", 1)[-1]
    return f"<digest.{week.name}.{lang}@{domain}>"


def message(found: Edition, smtp: Smtp, settings: dict) -> EmailMessage:
    """One multipart/alternative message: the text, then the HTML."""
    sitename = str(settings["SITENAME"])
    authority = str(settings["FEED_TAG_AUTHORITY"])
    msg = EmailMessage()
    msg["Subject"] = found.subject
    name, address = parseaddr(smtp.sender)
    msg["From"] = Address(display_name=name or sitename, addr_spec=address)
    msg["To"] = smtp.recipients[0] if len(smtp.recipients) == 1 else "undisclosed-recipients:;"
    msg["Date"] = formatdate(usegmt=True)
    msg["Message-ID"] = message_id(authority, found.week, found.lang)
    msg["List-Id"] = f"<communique.{message_id(authority, found.week, found.lang).rsplit('@', 1)[1].rstrip('>')}>"
    unsubscribe = settings.get("DIGEST_LIST_UNSUBSCRIBE")
    if unsubscribe:
        addresses = (unsubscribe,) if isinstance(unsubscribe, str) else tuple(unsubscribe)
        msg["List-Unsubscribe"] = ", ".join(f"<{a}>" for a in addresses)
    msg.set_content(found.text, subtype="plain", charset="utf-8")
    msg.add_alternative(found.html, subtype="html", charset="utf-8")
    msg["Content-Language"] = found.lang  # after the content: set_content clears Content-* headers
    return msg


def send(msg: EmailMessage, smtp: Smtp) -> None:
    """Hand `msg` to the server for every recipient, or to none (MailError)."""
    where = f"{smtp.host}:{smtp.port} ({smtp.tls})"
    try:
        context = ssl.create_default_context()
        if smtp.tls == "tls":
            client = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=TIMEOUT, context=context)
        else:
            client = smtplib.SMTP(smtp.host, smtp.port, timeout=TIMEOUT)
        with client:
            client.ehlo()
            if smtp.tls == "starttls":
                client.starttls(context=context)
                client.ehlo()
            if smtp.user:
                client.login(smtp.user, smtp.password)
            sender = parseaddr(smtp.sender)[1]
            code, reply = client.mail(sender)
            if code != 250:
                raise MailError(f"{where} refused the sender {sender}: {code} {_text(reply)}; nothing was sent")
            refused = {}
            for recipient in smtp.recipients:
                code, reply = client.rcpt(recipient)
                if code not in (250, 251):
                    refused[recipient] = f"{code} {_text(reply)}"
            if refused:
                client.rset()
                listed = "; ".join(f"{r}: {why}" for r, why in refused.items())
                raise MailError(
                    f"{where} refused {len(refused)} of {len(smtp.recipients)} recipients ({listed}); nothing was sent"
                )
            client.data(msg.as_bytes(policy=SMTP))
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(
            f"{where} refused the login of {smtp.user}: {error.smtp_code} {_text(error.smtp_error)}; nothing was sent"
        ) from None
    except (smtplib.SMTPException, OSError) as error:
        raise MailError(f"could not send through {where}: {error}; nothing was sent") from None


def _text(reply) -> str:
    return reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)


def last_week(settings: dict) -> Week:
    """The week before the build's "today" (SOURCE_DATE_EPOCH when set), in TIMEZONE."""
    from zoneinfo import ZoneInfo

    from clearinghouse.pipeline import today

    return Week.of(today(ZoneInfo(settings.get("TIMEZONE") or "UTC"))).previous()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="digest-mail", description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", default="output", help="the built site (default: output)")
    parser.add_argument(
        "--week", default=os.environ.get("WEEK") or None, help="e.g. 2026-w48 (default: $WEEK, else last week)"
    )
    parser.add_argument(
        "--lang",
        default=os.environ.get("DIGEST_LANG") or None,
        help="the edition to send (default: $DIGEST_LANG, else the site's)",
    )
    parser.add_argument("--settings", default="publishconf.py", help="the settings the site was built with")
    args = parser.parse_args(argv)
    try:
        from pelican.settings import read_settings

        settings = read_settings(args.settings)
        week = Week.parse(args.week) if args.week else last_week(settings)
        lang = args.lang or settings.get("DEFAULT_LANG", "en")
        if lang not in settings.get("LANGUAGES", [lang]):
            raise MailError(f"--lang {lang!r} is not one of the site's languages: {', '.join(settings['LANGUAGES'])}")
        smtp = Smtp.from_environment(dict(os.environ))
        found = edition(Path(args.output), week, lang, settings.get("DEFAULT_LANG", "en"), str(settings["SITENAME"]))
        send(message(found, smtp, settings), smtp)
    except (MailError, WeekError) as error:
        print(f"digest-mail: {error}", file=sys.stderr)
        return 1
    print(
        f"digest-mail: sent the Communiqué of {week.name} ({lang}) to {len(smtp.recipients)} recipients through {smtp.host}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
