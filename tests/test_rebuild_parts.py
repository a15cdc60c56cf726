"""The pieces that make a rebuild's serial start shorter give what they replace.

- `texts.convert`: each file's converted Markdown kept with its read key
  (docs/performance.md); the HTML must be what `markup.render_all` gives,
  whether it came from the kept texts, the build cache or the renderer,
  and a changed file's texts must be converted again.
- `texts.made`: texts converted by the worker that reads their file give
  what converting them after reading gives, and are kept the same way.
- `parallel.meanwhile`: the read snapshot, written by a child while the
  build goes on, is there for the next build, even after a failed one.
- `derived.percent_encoded`: the `mailto:` letter encoded by
  `str.translate`, byte for byte what `urllib.parse.quote(text, safe="")` gives.
- `derived.Known`: the summaries and `mailto:` letters kept with the texts
  are what computing them gives, and the site enriched with them is the
  site enriched without.
- `snapshot`: a path kept in a snapshot comes back equal to the path.
- `closure.module_closure`: the reading code's modules, kept between
  builds, are always what parsing them now gives.

Whole rebuilds compared with cold builds are in tests/test_reuse.py.
"""

from __future__ import annotations

import pickle
import random
import shutil
import time
from datetime import date
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import pytest
from clearinghouse.build import closure, parallel, render_cache, snapshot
from clearinghouse.build.render_cache import ResultCache
from clearinghouse.content.problems import InvalidContent
from clearinghouse.pipeline import Options, build_site, load, lookup
from clearinghouse.site import texts
from clearinghouse.site.derived import mail_body
from clearinghouse.site.derived import percent_encoded as _percent_encoded
from clearinghouse.site.enrich import enrich
from clearinghouse.site.markup import first_paragraph_text, render_all
from conftest import DEMO_CONTENT, REPO
from pelican.settings import DEFAULT_CONFIG


def _settings() -> dict:
    return {**DEFAULT_CONFIG, "DATA_PATH": str(REPO / "data"), "LANGUAGES": ["en", "fr", "es", "ar", "ru"]}


def _entries(content: Path, cache: ResultCache):
    return load(Options.from_settings(_settings(), content), cache=cache)[0]


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


def test_texts_made_where_files_are_read_are_the_ones_made_after(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    options = Options.from_settings({**_settings(), "BUILD_WORKERS": 2}, content)
    after = texts.convert(load(options)[0], content)
    read = load(options, beside=texts.made)[0]  # as a build reads: by two workers, each file converted there
    assert len(read.made) == len(read.alerts) + len(read.members) + len(read.pages) > parallel.SERIAL_BELOW
    cache_file = tmp_path / "cache" / "build.sqlite"
    cache = ResultCache(cache_file)
    try:
        made = texts.convert(read, content, cache=cache)
    finally:
        cache.close()
    assert made == after and len(made) > 20
    assert made.known == after.known and len(made.known.openings) > 20
    assert made.made_when_read == len(made) and after.made_when_read == 0
    kept, cache = _convert(content, cache_file)  # the next build: every text kept from this one
    assert kept == after and cache.hits == len(after) and not cache.misses


def test_the_read_snapshot_is_kept_by_a_child_even_when_the_content_is_invalid(tmp_path, monkeypatch):
    save = snapshot.EntrySnapshot.save

    def slow_save(self, records):  # still writing when the build has failed: the build waits for it
        time.sleep(0.5)
        save(self, records)

    monkeypatch.setattr(snapshot.EntrySnapshot, "save", slow_save)
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    broken = sorted((content / "alerts").rglob("*.md"))[0]
    broken.write_text(broken.read_text(encoding="utf-8").replace("country:", "country: ZZ\nformer_country:", 1))
    cache_file = tmp_path / "cache" / "build.sqlite"
    options = Options.from_settings({**_settings(), "BUILD_WORKERS": 2, "CACHE_PATH": str(cache_file.parent)}, content)
    with pytest.raises(InvalidContent):
        build_site(options)
    assert list(cache_file.parent.glob("entries-*.pickle"))  # written in a child, waited for
    cache = ResultCache(cache_file)
    try:
        load(options, cache=cache)
    except InvalidContent:
        pass
    finally:
        cache.close()
    assert cache.hits == len(list(content.rglob("*.md")))  # every file from the snapshot, none read again


def test_percent_encoding_is_quotes():
    random.seed(16)
    alphabet = (
        [chr(c) for c in range(0x250)] + list("«»—–’“”€中文العربيةкириллица\r\n\t") + ["\U0001f600", "\U0010ffff"]
    )
    samples = [
        "",
        "Dear Minister,\r\nRelease them.",
        "a+b=c&d?e#f/g%h",
        *("".join(random.choices(alphabet, k=n)) for n in range(200)),
    ]
    for text in samples:
        assert _percent_encoded(text) == quote(text, safe=""), repr(text)


def test_kept_summaries_and_letters_are_computed_ones_and_give_the_same_site(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(DEMO_CONTENT, content)
    cache_file = tmp_path / "cache" / "build.sqlite"
    _convert(content, cache_file)  # first build: kept for the next
    cache = ResultCache(cache_file)
    try:
        entries = _entries(content, cache)
        html = texts.convert(entries, content, cache=cache)
    finally:
        cache.close()
    known = html.known
    bodies = [e.doc.body for e in entries.alerts if e.doc.body.strip()]
    assert len(known.openings) >= len(bodies) > 20  # every body's summary came from the kept texts
    assert all(known.openings[body] == (html[body], first_paragraph_text(html[body])) for body in bodies)
    body = bodies[0]
    assert known.opening(body, html[body]) == first_paragraph_text(html[body])
    other = "<p>Another &amp; <em>HTML</em></p>"  # what `body` was not rendered as (a SITEURL joined): computed
    assert known.opening(body, other) == "Another & HTML" != known.openings[body][1]
    letters = [mail_body(e.values["appeal"]) for e in entries.alerts if "appeal" in e.values]
    assert len(known.encoded) > 5
    assert set(known.encoded) <= set(letters)
    assert all(known.encoded[letter] == _percent_encoded(letter) for letter in known.encoded)

    def site(**kw):
        render = lookup(html, "https://owner.github.io/repo")
        made = enrich(entries, vocab, render, today=today, languages=languages, **kw)
        return [
            (a.id, a.lang, a.summary, a.summary_opens_body, a.appeal and a.appeal.mailto)
            for a in made.translations + made.alerts + made.drafts
        ]

    vocab = load(Options.from_settings(_settings(), content), cache=ResultCache(None))[1]
    today, languages = date(2026, 11, 28), ("en", "fr", "es", "ar", "ru")
    with_known, without = site(known=known), site()
    assert with_known == without
    assert sum(1 for *_, mailto in with_known if mailto) > 5


@pytest.mark.parametrize("text", ["/tmp/a/alerts/2015/x-y.md", "rel/a.md", "/", ".", "a//b/./c.md", "/x/../y", "é/ü"])
def test_a_kept_path_is_the_path(text):
    path = Path(text)
    stored = BytesIO()
    pickler = pickle.Pickler(stored, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = snapshot._DISPATCH
    pickler.dump([path, path])
    again, same = snapshot.loads(stored.getvalue())
    assert again is same and type(again) is type(path)
    assert (again, str(again), repr(again), hash(again), again.parts) == (
        path,
        str(path),
        repr(path),
        hash(path),
        path.parts,
    )
    assert (again.name, again.stem, again.suffix, again.parent) == (path.name, path.stem, path.suffix, path.parent)
    assert again / "z" == path / "z" and str(again / "z") == str(path / "z")


def test_a_kept_closure_is_the_parsed_one_whatever_changes_in_the_package(tmp_path):
    package = tmp_path / "plugins" / "pkg"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "sub/__init__.py": "",
        "a.py": "from pkg.sub import b\nfrom pkg import d\n",
        "sub/b.py": "X = 1\n",
        "c.py": "Y = 2\n",
    }
    for name, text in files.items():
        (package / name).write_text(text)
    start, kept = package / "a.py", tmp_path / "cache"

    def names() -> list[str]:
        found = closure.module_closure(start, kept)
        assert found == render_cache.module_closure(start)
        return [p.relative_to(package).as_posix() for p in found]

    assert names() == ["__init__.py", "a.py", "sub/__init__.py", "sub/b.py"]
    assert (kept / closure.NAME).exists()
    assert names() == ["__init__.py", "a.py", "sub/__init__.py", "sub/b.py"]  # kept
    (package / "sub" / "b.py").write_text("from pkg.c import Y\n")  # an import added
    assert names() == ["__init__.py", "a.py", "c.py", "sub/__init__.py", "sub/b.py"]
    (package / "d.py").write_text("")  # a new file that an import already names
    assert names() == ["__init__.py", "a.py", "c.py", "d.py", "sub/__init__.py", "sub/b.py"]
    (package / "c.py").unlink()
    assert names() == ["__init__.py", "a.py", "d.py", "sub/__init__.py", "sub/b.py"]
    (kept / closure.NAME).write_bytes(b"damaged")
    assert names() == ["__init__.py", "a.py", "d.py", "sub/__init__.py", "sub/b.py"]


def test_a_task_over_many_records_is_not_handed_to_a_child():
    """Above `most` records (FEEDS_CHILD_MAX_ALERTS in a build) the snapshot is kept here:
    a child reading every record copies the memory that holds them."""
    done: list[str] = []
    with parallel.meanwhile(2, most=10) as aside:
        aside(lambda: done.append("small"), items=10)  # in a child: this process's list stays as it was
        aside(lambda: done.append("big"), items=11)  # here, at once
        assert done == ["big"]
    assert done == ["big"]
