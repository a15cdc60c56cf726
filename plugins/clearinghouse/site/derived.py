"""What enrichment makes of one string alone, and those results kept from the last build.

An alert's summary, when none is written, is the text of its body's first
paragraph (`first_paragraph_text` of its HTML); an appeal's "write now"
link carries its letter percent-encoded (`percent_encoded`). Both depend
on that one string only, and they were a fifth of enrichment at 10,000
alerts, in the serial start of every rebuild. `texts.py` keeps them per
file beside the file's converted Markdown, and gives them to `enrich` as
`Known`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from clearinghouse.content.records import Member
from clearinghouse.site.markup import first_paragraph_text


@dataclass(frozen=True)
class Known:
    """What enrichment computes from one string alone, computed once per file's texts.

    `openings`: a body's Markdown -> (its HTML, `first_paragraph_text` of that
    HTML: an alert's summary when none is written), used only for that very
    HTML (found by the Markdown: its hash is known already, the HTML's is
    not); `encoded`: text -> `percent_encoded(text)` (the letter of a
    `mailto:`). Together a fifth of enrichment at 10,000 alerts (0.11 s and
    0.05 s of the serial start of every rebuild); `texts.py` makes them
    when it converts a file's texts and keeps them with its HTML. Found by
    the very string, so a value found is the one computing it would give
    (the snapshot's version covers this module and markup.py); a string
    not found is computed.
    """

    openings: dict[str, tuple[str, str]] = field(default_factory=dict)
    encoded: dict[str, str] = field(default_factory=dict)

    def opening(self, markdown: str | None, html: str) -> str:
        """`first_paragraph_text(html)`; `html` is what `markdown` was rendered as, or not."""
        found = self.openings.get(markdown) if markdown else None
        if found is not None and (found[0] is html or found[0] == html):
            return found[1]
        return first_paragraph_text(html)

    def percent_encoded(self, text: str) -> str:
        found = self.encoded.get(text)
        return found if found is not None else percent_encoded(text)


def mailto(raw: dict, members: dict[str, Member], subject: str, known: Known | None = None) -> str:
    """A `mailto:` address whose subject and body carry the sample letter.

    RFC 6068: every non-ASCII or reserved character percent-encoded as UTF-8,
    line breaks as %0D%0A, so it opens correctly in any language.
    """
    to = ",".join(a.email for a in raw["addressees"] if a.email)
    if not to:
        return ""
    cc = ",".join(members[s].email for s in raw.get("copy_to", ()) if members[s].email)
    encoded = (known or Known()).percent_encoded
    fields = [("subject", percent_encoded(subject)), ("body", encoded(mail_body(raw)))]
    fields += [("cc", percent_encoded(cc))] if cc else []
    return f"mailto:{quote(to, safe='@,')}?" + "&".join(f"{k}={v}" for k, v in fields)


def mail_body(raw: dict) -> str:
    """The body of an appeal's `mailto:`: its letter, else its asks, with CRLF line breaks (RFC 6068)."""
    return (raw.get("letter") or "\n".join(raw["asks"])).strip().replace("\r\n", "\n").replace("\n", "\r\n")


# Each UTF-8 byte as itself or %XX, exactly as `quote(text, safe="")`, but
# by `str.translate` (a loop in C) over the bytes read as Latin-1, one code
# point per byte: quote cost 0.4 ms per letter, a byte-by-byte join in
# Python a fifth of enrichment at 10,000 alerts; this, a sixth of that.
_UNRESERVED = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~"
_PERCENT = [chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in range(256)]


def percent_encoded(text: str) -> str:
    return text.encode("utf-8").decode("latin-1").translate(_PERCENT)
