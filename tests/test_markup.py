"""Markdown conversion: cmark-gfm's output, without its binding's memory leak."""

from __future__ import annotations

import cmarkgfm
from clearinghouse.site.markup import (
    _OPTIONS,
    MarkdownRenderer,
    github_flavored_markdown_to_html,
    unwrap_links_without_address,
)

SAMPLE = """# A heading

Text with *emphasis*, **strong**, `code`, ~~struck~~ and a www.example.org autolink.[^1]

| country | alerts |
|---|--:|
| Ghana | 3 |

- [x] letter sent
- [ ] reply received

```python
print("hi")
```

<script>alert(1)</script>

[^1]: A footnote.
"""


def _resident_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) / 1024


def test_same_html_as_cmarkgfm_itself():
    for text in (SAMPLE, "", "plain", SAMPLE * 3, "> quote\n\n1. one\n2. two\n"):
        assert github_flavored_markdown_to_html(text, _OPTIONS) == cmarkgfm.github_flavored_markdown_to_html(
            text, options=_OPTIONS
        )


def test_converting_many_texts_does_not_grow_memory():
    """cmarkgfm's own function keeps about 24 KB per call (theacodes/cmarkgfm#53)."""
    render, text = MarkdownRenderer(), SAMPLE * 4
    for _ in range(200):  # warm up allocator and caches
        render(text)
    before = _resident_mb()
    for _ in range(3000):
        render(text)
    assert _resident_mb() - before < 15, "a leak of even 5 KB per text would show here"


def test_a_link_whose_address_was_refused_leaves_only_its_text():
    """An <a> left without href (nh3 refused its scheme, or it had none) is invalid
    with rel="noopener" (W3C checker): the element goes, its content stays."""
    render = MarkdownRenderer()
    assert render("[x](javascript:alert(1)) and [y](JaVaScRiPt:alert(1))") == "<p>x and y</p>"
    assert render('<a href="javascript:x" title="t>u">y <b>z</b></a> <a>plain</a>') == "<p>y <b>z</b> plain</p>"
    assert render("<a href='vbscript:x'>one\n\ntwo</a>") == "<p>one</p>\n<p>two</p>"


def test_links_with_an_address_stay_as_they_were():
    render = MarkdownRenderer()
    kept = '<p><a href="/x" rel="noopener">r</a> <a href="mailto:a@b.example" rel="noopener">e</a></p>'
    assert render("[r](/x) [e](mailto:a@b.example)") == kept
    assert render('<a title="a>b" href="https://example.org/">t</a> [s](javascript:x)') == (
        '<p><a title="a&gt;b" href="https://example.org/" rel="noopener">t</a> s</p>'
    )
    # a link inside a table inside a link: each end tag goes with its own start tag
    nested = '<a href="/1" rel="noopener"><table><tr><td><a rel="noopener">y</a></td></tr></table>z</a>'
    assert unwrap_links_without_address(nested) == '<a href="/1" rel="noopener"><table><tr><td>y</td></tr></table>z</a>'
