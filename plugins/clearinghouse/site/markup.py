"""Markdown bodies to safe HTML.

Bodies come from many member organisations and go out in feeds to other
people's software, so the HTML is sanitised with ammonia (nh3) after
conversion, whatever the Markdown contained.

The dialect is GitHub Flavored Markdown, converted by cmark-gfm (GitHub's
own C implementation, through `cmarkgfm`): editors commit on GitHub, so the
preview they see there is what the site shows, and it converts a body in
about 0.1 ms where Python-Markdown took 4 ms (docs/decisions.md).

Conversion is a large part of a cold build's work, and each text's HTML depends on
that text alone: `render_all` converts every text of a build at once, on
every core, and keeps the results in the build cache under a hash of the
text and of the renderer (this module's code and the libraries' versions),
so an unchanged text is never converted twice.
"""

from __future__ import annotations

import ctypes
import html as html_lib
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

import nh3
from cmarkgfm import _cmark, cmark
from cmarkgfm.cmark import Options

from clearinghouse.build import render_cache
from clearinghouse.build.parallel import map_chunks
from clearinghouse.build.render_cache import ResultCache

# Raw HTML is passed on to nh3, which decides what stays (as before); footnotes as on GitHub.
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
_TAGS = nh3.ALLOWED_TAGS | {"figure", "figcaption"}
_ATTRIBUTES = {**nh3.ALLOWED_ATTRIBUTES, "img": {"src", "alt", "title", "width", "height"}}
_LOOKUP_BATCH = 2000  # texts looked up in the cache at once


class MarkdownRenderer:
    """Markdown (GFM: tables, strikethrough, autolinks, task lists, footnotes) to sanitised HTML."""

    def __call__(self, text: str | None) -> str:
        if not text or not text.strip():
            return ""
        html = github_flavored_markdown_to_html(text, _OPTIONS)
        clean = nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener")
        # no newline after the last block, so a body ends where its template puts it
        return unwrap_links_without_address(clean).rstrip("\n")


# nh3 serialises every "<" and ">" of text and attribute values as &lt; &gt;
# (and attribute values always in double quotes), so in its output these
# match exactly the start and end tags of links.
_LINK_TAG = re.compile(r"<a(?:\s[^>]*)?>|</a>")
_LINK_WITHOUT_ADDRESS = re.compile(r'<a(?![^>]*\shref=")(?:\s[^>]*)?>')


def unwrap_links_without_address(html: str) -> str:
    """Drop every <a> of nh3's output that has no href, keeping its content.

    nh3 removes an address whose scheme it refuses (`javascript:`...) but
    keeps the element, and adds rel to it: an <a> with rel and no href is
    invalid HTML (W3C checker), and without an address it is no link anyway.
    Links can nest in nh3's output (a link inside a table inside a link), so
    each end tag is paired with its own start tag.
    """
    if not _LINK_WITHOUT_ADDRESS.search(html):
        return html
    open_links: list[tuple[re.Match, bool]] = []
    dropped: list[re.Match] = []
    for tag in _LINK_TAG.finditer(html):
        if tag.group() != "</a>":
            open_links.append((tag, _LINK_WITHOUT_ADDRESS.fullmatch(tag.group()) is not None))
        elif open_links:
            start, bare = open_links.pop()
            if bare:
                dropped += (start, tag)
    dropped += (start for start, bare in open_links if bare)  # never closed: the start tag alone
    kept, last = [], 0
    for tag in sorted(dropped, key=lambda match: match.start()):
        kept.append(html[last : tag.start()])
        last = tag.end()
    kept.append(html[last:])
    return "".join(kept)


# cmarkgfm's own github_flavored_markdown_to_html frees neither the document
# it parses nor the HTML string cmark returns (theacodes/cmarkgfm#53): about
# 24 KB per text, so a worker converting 26,000 bodies of a 50,000-alert
# archive grew by 700 MB. The same calls, with both freed: cmark's default
# allocator is the C library's, and the library cffi loaded exports
# cmark_node_free, which its binding does not declare.
_GFM_EXTENSIONS = ("table", "autolink", "tagfilter", "strikethrough", "tasklist")
_cmark_library = ctypes.CDLL(_cmark.__file__)
_node_free = _cmark_library.cmark_node_free
_node_free.argtypes, _node_free.restype = [ctypes.c_void_p], None
_c_free = ctypes.CDLL(None).free
_c_free.argtypes, _c_free.restype = [ctypes.c_void_p], None


def _address(pointer) -> int:
    return int(_cmark.ffi.cast("uintptr_t", pointer))


def github_flavored_markdown_to_html(text: str, options: int) -> str:
    """`cmarkgfm.github_flavored_markdown_to_html`, byte for byte, without its leaks."""
    options |= Options.CMARK_OPT_GITHUB_PRE_LANG
    cmark.core_extensions_ensure_registered()
    parser = cmark.parser_new(options=options)
    try:
        for name in _GFM_EXTENSIONS:
            cmark.parser_attach_syntax_extension(parser, cmark.find_syntax_extension(name))
        cmark.parser_feed(parser, text)
        root = cmark.parser_finish(parser)
        try:
            raw = _cmark.lib.cmark_render_html(root, options, cmark.parser_get_syntax_extensions(parser))
            try:
                return _cmark.ffi.string(raw).decode("utf-8")
            finally:
                _c_free(_address(raw))
        finally:
            _node_free(_address(root))
    finally:
        cmark.parser_free(parser)


@cache
def renderer_version() -> bytes:
    """Changes whenever the HTML for the same Markdown could change."""
    return render_cache.digest(
        Path(__file__).read_bytes(), render_cache.package_versions("cmarkgfm", "nh3"), repr(int(_OPTIONS))
    )


def render_all(
    texts: Iterable[str | None],
    *,
    workers: int = 1,
    cache: ResultCache | None = None,
    progress: Callable[[int], None] | None = None,
) -> dict[str, str]:
    """HTML for every distinct non-blank text: stored, else converted in parallel."""
    wanted = list(dict.fromkeys(t for t in texts if t and t.strip()))
    store = cache or ResultCache(None)
    tell = progress or (lambda count: None)
    done: dict[str, str] = {}
    todo: list[tuple[str, bytes]] = []
    for start in range(0, len(wanted), _LOOKUP_BATCH):  # batches: the stored bytes never all in memory
        keys = {text: render_cache.digest(renderer_version(), text) for text in wanted[start : start + _LOOKUP_BATCH]}
        stored = store.get_many("html", keys.values())
        for text, key in keys.items():
            if key in stored:
                done[text] = stored[key].decode("utf-8")
            else:
                todo.append((text, key))
        tell(len(stored))
    converted = iter(todo)
    for chunk in map_chunks(_render_chunk, [text for text, _ in todo], workers):
        fresh = []
        for html in chunk:
            text, key = next(converted)
            done[text] = html
            fresh.append((key, html.encode("utf-8")))
        store.put_many("html", fresh)
        tell(len(chunk))
    return {text: done[text] for text in wanted}  # in the order asked, whatever came from where


def _render_chunk(texts: Sequence[str]) -> list[str]:
    render = worker_renderer()
    return [render(text) for text in texts]


@cache
def worker_renderer() -> MarkdownRenderer:
    """The renderer of this process's conversions (one per worker: it keeps its sanitizer)."""
    return MarkdownRenderer()


_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def first_paragraph_text(html: str) -> str:
    """Plain text of the first paragraph: the default summary (spec)."""
    match = _PARAGRAPH.search(html)
    text = _TAG.sub("", match.group(1) if match else html)
    return " ".join(html_lib.unescape(text).split())
