"""`make digest-mail`: one week's Communiqué sent over SMTP to a real server.

An aiosmtpd server on 127.0.0.1 receives what plugins/weekly_digest/mail.py
sends from a built site (tests/test_digest.py's archive), and the message
is read back as a mail program reads it: its parts, headers, the encoding
of Arabic and Russian, and its links. A server that cannot be reached,
refuses the login or refuses a recipient gets nothing, and the command
says why and exits non-zero.
"""

from __future__ import annotations

import email
import os
import re
import socket
import ssl
import subprocess
import sys
from email import policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from conftest import REPO, SUBPATH_SITEURL, TODAY_EPOCH
from test_digest import digest_site

RECIPIENTS = "editor@members.example,lawyer@members.example"


class Inbox:
    """Keeps every message the server accepts; refuses recipients named refused@…"""

    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address.startswith("refused@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.envelopes.append(envelope)
        return "250 OK"


def _login(server, session, envelope, mechanism, auth_data):
    good = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (b"digest", b"s3cret")
    return AuthResult(success=good, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server():
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), authenticator=_login, auth_require_tls=False
    )
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return digest_site(tmp_path_factory)


def send(site: Path, port: int, *args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPO / "plugins"),
        "SOURCE_DATE_EPOCH": TODAY_EPOCH,
        "SITEURL": SUBPATH_SITEURL,
        "DIGEST_SMTP_HOST": "127.0.0.1",
        "DIGEST_SMTP_PORT": str(port),
        "DIGEST_SMTP_TLS": "none",
        "DIGEST_SMTP_USER": "digest",
        "DIGEST_SMTP_PASSWORD": "s3cret",
        "DIGEST_FROM": "Clearing House <communique@freeexpression.example>",
        "DIGEST_TO": RECIPIENTS,
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "weekly_digest.mail", "--output", str(site), *args],
        cwd=REPO,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def received(inbox: Inbox) -> email.message.EmailMessage:
    assert len(inbox.envelopes) == 1
    return email.message_from_bytes(inbox.envelopes[0].content, policy=policy.default)


def test_week_is_sent_as_one_multipart_message_to_every_recipient(site, server):
    inbox, port = server
    result = send(site, port, "--week", "2026-w47")
    assert result.returncode == 0, result.stderr
    envelope = inbox.envelopes[0]
    assert envelope.mail_from == "communique@freeexpression.example"
    assert envelope.rcpt_tos == RECIPIENTS.split(",")
    message = received(inbox)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"] == "The Communiqué: Week 47, 2026"
    assert message["From"].addresses[0].display_name == "Clearing House"
    assert message["To"] == "undisclosed-recipients:;"  # recipients do not see each other
    assert message["Message-ID"] == "<digest.2026-w47.en@freeexpression.example>"
    assert (
        message["List-Unsubscribe"].strip()
        == "<mailto:communique-unsubscribe@freeexpression.example?subject=unsubscribe>"
    )
    assert message["Date"]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert text.replace("\r\n", "\n") == (site / "digest/2026-w47/email.txt").read_text(encoding="utf-8")
    assert html.replace("\r\n", "\n") == (site / "digest/2026-w47/email.html").read_text(encoding="utf-8")


def test_links_are_absolute_and_the_same_in_both_parts(site, server):
    inbox, port = server
    assert send(site, port, "--week", "2026-w47").returncode == 0
    message = received(inbox)
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    html_links = set(re.findall(r'href="([^"]+)"', html))
    text_links = set(re.findall(r"^\[\d+\]\s*\n?(\S+)$", text, re.M)) | set(re.findall(r"(https://\S+)", text))
    assert all(link.startswith(("https://", "mailto:")) for link in html_links), html_links
    pages = {link for link in html_links if "/alerts/" in link}
    assert f"{SUBPATH_SITEURL}/alerts/gh-accra-editor/" in pages
    assert pages <= text_links  # every item's link is listed in the text


def test_arabic_and_russian_arrive_readable(site, server):
    inbox, port = server
    assert send(site, port, "--week", "2026-w47", "--lang", "ar").returncode == 0
    assert send(site, port, "--week", "2026-w47", "--lang", "ru").returncode == 0
    arabic, russian = (email.message_from_bytes(e.content, policy=policy.default) for e in inbox.envelopes)
    raw = inbox.envelopes[0].content
    assert b"\xd8" not in raw.split(b"\r\n\r\n", 1)[0]  # headers are 7-bit (RFC 2047)
    assert "النشرة" in arabic["Subject"] and "2026" in arabic["Subject"]
    assert arabic["Message-ID"] == "<digest.2026-w47.ar@freeexpression.example>"
    assert arabic["Content-Language"] == "ar"
    for part in arabic.iter_parts():
        assert part.get_content_charset() == "utf-8"
    assert "احتجاز رئيس تحرير في أكرا" in arabic.get_body(("plain",)).get_content()
    assert 'dir="rtl"' in arabic.get_body(("html",)).get_content()
    assert "Коммюнике" in russian["Subject"]
    assert "Алматинской журналистке предъявлено обвинение" in russian.get_body(("html",)).get_content()


def test_a_refused_login_sends_nothing_and_says_why(site, server):
    inbox, port = server
    result = send(site, port, "--week", "2026-w47", DIGEST_SMTP_PASSWORD="wrong")
    assert result.returncode != 0
    assert "refused the login of digest" in result.stderr and "nothing was sent" in result.stderr
    assert inbox.envelopes == []


def test_one_refused_recipient_sends_to_none(site, server):
    inbox, port = server
    result = send(site, port, "--week", "2026-w47", DIGEST_TO="editor@members.example,refused@members.example")
    assert result.returncode != 0
    assert "refused 1 of 2 recipients" in result.stderr and "refused@members.example" in result.stderr
    assert inbox.envelopes == []


def test_an_unreachable_server_is_a_clear_error(site):
    result = send(site, _free_port(), "--week", "2026-w47")
    assert result.returncode != 0
    assert "could not send through 127.0.0.1" in result.stderr and "nothing was sent" in result.stderr


def test_missing_settings_are_all_reported_at_once(site):
    result = send(site, 25, "--week", "2026-w47", DIGEST_SMTP_HOST="", DIGEST_TO="", DIGEST_SMTP_TLS="ssl")
    assert result.returncode != 0
    for name in ("DIGEST_SMTP_HOST", "DIGEST_TO", "DIGEST_SMTP_TLS"):
        assert name in result.stderr


def test_a_week_not_over_or_not_built_is_refused(site, server):
    inbox, port = server
    result = send(site, port, "--week", "2026-w48")
    assert result.returncode != 0 and "no e-mail files for week 2026-w48" in result.stderr
    assert inbox.envelopes == []


def test_last_week_is_the_default(site, server):
    inbox, port = server
    assert send(site, port).returncode == 0  # "today" is 28 November 2026: last week is 47
    assert received(inbox)["Message-ID"] == "<digest.2026-w47.en@freeexpression.example>"


def test_starttls_is_used_and_the_certificate_checked(site, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox = Inbox()
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), tls_context=context, require_starttls=True,
        authenticator=_login,
    )  # fmt: skip
    controller.start()
    try:
        untrusted = send(site, controller.port, "--week", "2026-w47", DIGEST_SMTP_TLS="starttls")
        assert untrusted.returncode != 0 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr
        assert inbox.envelopes == []
        trusted = send(site, controller.port, "--week", "2026-w47", DIGEST_SMTP_TLS="starttls", SSL_CERT_FILE=str(cert))
        assert trusted.returncode == 0, trusted.stderr
        assert len(inbox.envelopes) == 1
    finally:
        controller.stop()


def test_make_digest_mail_builds_content_into_output_and_sends(tmp_path, server):
    from test_digest import write_archive

    inbox, port = server
    content = write_archive(tmp_path / "content")
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": TODAY_EPOCH,
        "SITEURL": SUBPATH_SITEURL,
        "DIGEST_SMTP_HOST": "127.0.0.1",
        "DIGEST_SMTP_PORT": str(port),
        "DIGEST_SMTP_TLS": "none",
        "DIGEST_FROM": "communique@freeexpression.example",
        "DIGEST_TO": "editor@members.example",
    }
    result = subprocess.run(
        ["make", "-o", ".venv/.ready", "digest-mail", "WEEK=2026-w47", f"CONTENT={content}", f"OUTPUT={tmp_path / 'out'}"],
        cwd=REPO, env=environment, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out/digest/2026-w47/email.html").is_file()
    message = received(inbox)
    assert message["To"] == "editor@members.example"
    assert "Accra editor detained" in message.get_body(("plain",)).get_content()
