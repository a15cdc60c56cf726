"""Markdown conversion: cmark-gfm's output, without its binding's memory leak."""

from __future__ import annotations

import cmarkgfm
from clearinghouse.markup import _OPTIONS, MarkdownRenderer, github_flavored_markdown_to_html

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
