"""Images in Markdown texts: only files of this site.

A page must ask no other host for anything (readers' privacy: a request to
another host tells it who reads what, and when). Any HTML is allowed in
bodies, so the check reads what would be published: the text is converted
and cleaned exactly as for the page (`MarkdownRenderer`), and every `<img>`
of the result whose address names a scheme or a host is reported. That also
catches what the source hides: `<IMAGE src=…>` (an HTML parser makes it an
`img`), character references (`&#104;ttps:`), `//host/`, `\\\\host\\`.

Images of the site live in the content folder's `images/` (Pelican copies
it: `STATIC_PATHS` in pelicanconf.py) and are written `/images/name.jpg`;
`site_images` joins such addresses to SITEURL, so they work when the site
is served under a sub-path too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from clearinghouse.content.entries import Entries, Entry
from clearinghouse.content.problems import Problems
from clearinghouse.site.markup import MarkdownRenderer

IMAGES_FOLDER = "images"  # in the content folder; must be in STATIC_PATHS

# A text without these has no image: an <img> needs "<img" or "<image" in the
# source (HTML) or "![" (Markdown; reference-style too). Most texts stop here.
_MAY_HAVE_IMAGE = re.compile(r"!\[|<im", re.IGNORECASE)
# What browsers do to an address before reading it (WHATWG URL): strip
# surrounding spaces and controls, drop tabs and newlines, read "\" as "/".
_URL_SPACE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# In nh3's output every attribute is name="value" with no raw quote inside a
# value, so this is exactly an <img> whose src starts with one "/".
_ROOTED_SRC = re.compile(r'(<img(?:\s[^\s="]+="[^"]*")*?\ssrc=")/(?![/\\])')


def is_remote(address: str) -> bool:
    """Whether a browser would fetch this image address from anywhere but this site."""
    address = _URL_TAB_OR_NEWLINE.sub("", _URL_SPACE.sub("", address)).replace("\\", "/")
    return address.startswith("//") or _SCHEME.match(address) is not None


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.found += [value for name, value in attrs if name == "src" and value]


@cache
def _renderer() -> MarkdownRenderer:
    return MarkdownRenderer()


def remote_images(text: str | None) -> list[str]:
    """The address of each image the published text would fetch from elsewhere, in order."""
    if not text or not ("![" in text or ("<" in text and _MAY_HAVE_IMAGE.search(text))):  # `in` is 4x faster
        return []
    sources = _ImageSources()
    sources.feed(_renderer()(text))
    sources.close()
    return [address for address in sources.found if is_remote(address)]


def lines_of(source: str, addresses: list[str]) -> list[int]:
    """The line (from 0) where each address is written in `source`, in order.

    The published address may be spelt otherwise in the source (`&amp;`,
    `%20`, a character reference): then the first line that has an image.
    """
    fallback = _MAY_HAVE_IMAGE.search(source)
    searched_from: dict[str, int] = {}
    lines = []
    for address in addresses:
        at = -1
        for spelling in dict.fromkeys((address, unquote(address))):
            at = source.find(spelling, searched_from.get(address, 0))
            if at >= 0:
                searched_from[address] = at + len(spelling)
                break
        lines.append(source.count("\n", 0, at if at >= 0 else fallback.start() if fallback else 0))
    return lines


def check_images(entries: Entries, problems: Problems, content: Path) -> None:
    """Report every remote image in every Markdown text: bodies, appeal letters, profiles, pages."""
    folder = content / IMAGES_FOLDER
    try:
        folder = folder.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        pass
    allowed = f"an image of this site: put the file in {folder}/ and write ![what it shows](/{IMAGES_FOLDER}/name.jpg)"
    for entry in (*entries.alerts, *entries.members, *entries.pages):
        for field, addresses, lines in _found(entry):
            for address, line in zip(addresses, lines, strict=True):
                problems.add(
                    entry.path,
                    field,
                    "shows an image from another host; pages must make readers' browsers contact no other host",
                    line=line,
                    found=address,
                    allowed=allowed,
                )


def _found(entry: Entry) -> Iterator[tuple[str, list[str], list[int]]]:
    """Remote images of each Markdown text of an entry, and their lines in the file."""
    body = remote_images(entry.doc.body)
    if body:
        yield "body", body, [entry.doc.body_line + line for line in lines_of(entry.doc.body, body)]
    appeal = entry.values.get("appeal") if entry.kind == "alert" else None
    letter = remote_images(appeal.get("letter")) if isinstance(appeal, dict) else []
    if letter:
        # the letter is YAML (indented, perhaps folded): looked for in the file, from the appeal on
        first = entry.line("appeal") or 1
        rest = "".join(entry.path.read_text(encoding="utf-8").splitlines(keepends=True)[first - 1 :])
        yield "appeal.letter", letter, [first + line for line in lines_of(rest, letter)]


def site_images(html: str, siteurl: str) -> str:
    """`/images/x.jpg` → `<SITEURL>/images/x.jpg`, so a site under a sub-path shows its images."""
    if not siteurl or "<img" not in html:
        return html
    return _ROOTED_SRC.sub(lambda match: f"{match.group(1)}{siteurl.rstrip('/')}/", html)
