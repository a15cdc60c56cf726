"""Markdown bodies to safe HTML.

Bodies come from many member organisations and go out in feeds to other
people's software, so the HTML is sanitised with ammonia (nh3) after
Python-Markdown, whatever the Markdown contained.
"""

from __future__ import annotations

import html as html_lib
import re

import markdown
import nh3

_EXTENSIONS = ["extra", "sane_lists"]
_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}


class MarkdownRenderer:
    """One converter reused for every body: building one is slower than a reset."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=_EXTENSIONS, output_format="html")

    def __call__(self, text: str | None) -> str:
        if not text or not text.strip():
            return ""
        html = self._md.reset().convert(text)
        return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener")


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def first_paragraph_text(html: str) -> str:
    """Plain text of the first paragraph: the default summary (spec)."""
    match = _PARAGRAPH.search(html)
    text = _TAG.sub("", match.group(1) if match else html)
    return " ".join(html_lib.unescape(text).split())
