"""The pieces that make a rebuild's serial start shorter give what they replace.

- `texts.convert`: each file's converted Markdown kept with its read key
  (docs/performance.md); the HTML must be what `markup.render_all` gives,
  whether it came from the kept texts, the build cache or the renderer,
  and a changed file's texts must be converted again.
- `enrich._percent_encoded`: the `mailto:` letter encoded by
  `str.translate`, byte for byte what `urllib.parse.quote(text, safe="")` gives.

Whole rebuilds compared with cold builds are in tests/test_reuse.py.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from urllib.parse import quote

from clearinghouse.build.render_cache import ResultCache
from clearinghouse.pipeline import Options, load
from clearinghouse.site import texts
from clearinghouse.site.enrich import _percent_encoded
from clearinghouse.site.markup import render_all
from conftest import DEMO_CONTENT, REPO
from pelican.settings import DEFAULT_CONFIG


def _entries(content: Path, cache: ResultCache):
    settings = {**DEFAULT_CONFIG, "DATA_PATH": str(REPO / "data"), "LANGUAGES": ["en", "fr", "es", "ar", "ru"]}
    return load(Options.from_settings(settings, content), cache=cache)[0]


def _convert(content: Path, cache_file: Path) -> tuple[dict[str, str], ResultCache]:
    cache = ResultCache(cache_file)
    try:
        entries = _entries(content, cache)
        hits, misses = cache.hits, cache.misses
        html = texts.convert(entries, content, cache=cache)
        cache.hits -= hits  # this stage's own
        cache.misses -= misses
        return html, cache
    finally:
        cache.close()


def test_kept_texts_are_the_renderers_and_a_changed_file_is_converted_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    cache_file = tmp_path / "cache" / "build.sqlite"
    first, cache = _convert(content, cache_file)
    expected = render_all(texts.markdown_texts(_entries(content, ResultCache(None))))
    assert first == expected and len(first) > 20
    assert cache.hits == 0
    assert list((tmp_path / "cache").glob("texts-*.pickle"))  # kept for the next build

    cache_file.unlink()  # the build cache's rows gone: the kept texts alone must serve
    again, cache = _convert(content, cache_file)
    assert again == expected
    assert cache.hits == len(expected)
    assert not cache.misses

    edited = sorted((content / "alerts").rglob("*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nA *new* closing line.\n", encoding="utf-8")
    changed, cache = _convert(content, cache_file)
    now = _entries(content, ResultCache(None))
    assert changed == render_all(texts.markdown_texts(now))
    entry = next(e for e in now.alerts if e.path == edited)
    assert cache.misses == sum(1 for t in texts.texts_of(entry) if t and t.strip())  # that file's texts alone
    assert any("<em>new</em> closing line" in html for html in changed.values())
    assert not any("<em>new</em> closing line" in html for html in again.values())


def test_kept_texts_of_another_renderer_are_ignored(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    cache_file = tmp_path / "cache" / "build.sqlite"
    expected, _ = _convert(content, cache_file)
    texts.version.cache_clear()
    monkeypatch.setattr(texts.markup, "renderer_version", lambda: b"another renderer")
    try:
        again, cache = _convert(content, cache_file)
    finally:
        texts.version.cache_clear()
    assert again == expected
    assert cache.hits == 0  # nothing kept, and the cache's rows are keyed by the other version


def test_percent_encoding_is_quotes():
    random.seed(16)
    alphabet = [chr(c) for c in range(0x250)] + list("«»—–’“”€中文العربيةкириллица\r\n\t") + ["\U0001f600", "\U0010ffff"]
    samples = ["", "Dear Minister,\r\nRelease them.", "a+b=c&d?e#f/g%h", *("".join(random.choices(alphabet, k=n)) for n in range(200))]
    for text in samples:
        assert _percent_encoded(text) == quote(text, safe=""), repr(text)
