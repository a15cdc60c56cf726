"""benchmarks/generate.py writes archives our validator accepts, the same for a seed.

A benchmark is only worth rerunning if the archive is the same every time
and looks like the real one where it matters: every type, cases with
updates and changing status, open and closed appeals, translations, names
with diacritics, every region. One small archive is generated once for the
module and checked through the real `make check` code path.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from clearinghouse.content.vocabulary import Vocabularies
from clearinghouse.pipeline import Options, load
from conftest import REPO
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402

ALERTS = 400
TODAY = date(2026, 11, 28)  # SOURCE_DATE_EPOCH of the tests


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("archive") / "content"
    generate(ALERTS, out, seed=7)
    return out


@pytest.fixture(scope="module")
def loaded(archive):
    options = Options(
        content=archive,
        data=REPO / "data",
        timezone=ZoneInfo("UTC"),
        languages=("en", "fr", "es", "ar", "ru"),
    )
    entries, vocab = load(options)  # raises InvalidContent, listing every problem, if anything is wrong
    return entries, vocab


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.md"))}


def test_the_archive_validates_and_has_what_was_asked(loaded):
    entries, _ = loaded
    originals = [e for e in entries.alerts if not e.is_translation]
    assert len(originals) == ALERTS
    translations = len(entries.alerts) - len(originals)
    assert 0.02 * ALERTS <= translations <= 0.08 * ALERTS
    assert 30 <= len(entries.members) <= 50
    assert entries.pages


def test_every_type_region_and_a_spread_of_years(loaded):
    entries, vocab = loaded
    originals = [e.values for e in entries.alerts if not e.is_translation]
    assert {v["type"] for v in originals} == {t.slug for t in vocab.types}
    regions = {vocab.region_of(c) for v in originals for c in v.get("country", ())}
    regions |= {vocab.regions[v["region"]] for v in originals if "region" in v}
    assert {r.slug for r in regions} == {r.slug for r in vocab.regions}
    years = {v["date"].year for v in originals}
    assert min(years) <= 1997 and max(years) == 2026 and len(years) > 20


def test_cases_move_through_statuses_and_appeals_open_and_close(loaded):
    entries, _ = loaded
    originals = [e.values for e in entries.alerts if not e.is_translation]
    statuses: dict[str, list[str]] = {}
    for v in sorted(originals, key=lambda v: v["date"]):
        if "case" in v:
            statuses.setdefault(v["case"], []).append(v.get("case_status"))
    assert any(len(set(s)) > 1 for s in statuses.values()), "no case changes status"
    assert any(len(s) >= 3 for s in statuses.values()), "no case has several updates"
    deadlines = Counter(v["appeal"]["deadline"] >= TODAY for v in originals if "appeal" in v)
    assert deadlines[True] >= 1 and deadlines[False] > deadlines[True]


def test_victims_names_carry_diacritics(loaded):
    entries, _ = loaded
    names = [v["name"] for e in entries.alerts for v in e.values.get("victims", ())]
    assert any(not name.isascii() for name in names)


def test_the_same_seed_writes_the_same_bytes_and_another_seed_does_not(archive, tmp_path):
    generate(ALERTS, tmp_path / "again", seed=7)
    assert _files(tmp_path / "again") == _files(archive)
    generate(ALERTS, tmp_path / "other", seed=8)
    assert _files(tmp_path / "other") != _files(archive)


def test_the_stock_pelican_form_has_the_same_items_in_pelican_metadata(archive, tmp_path):
    stock = tmp_path / "stock"
    generate(ALERTS, stock, seed=7, pelican=True)
    ours = {p.relative_to(archive) for p in (archive / "alerts").rglob("*.md")}
    theirs = {p.relative_to(stock) for p in (stock / "alerts").rglob("*.md")}
    assert {p.with_suffix("") for p in theirs} == {p.with_suffix("") for p in ours}
    reader = MarkdownReader({**DEFAULT_CONFIG, "TIMEZONE": "UTC"})
    sample = sorted(stock.joinpath("alerts").rglob("*.md"))[::50]
    for path in sample:
        body, meta = reader.read(str(path))
        assert {"title", "date", "category", "tags", "slug", "lang"} <= set(meta), path
        assert meta["slug"] == path.name.split(".")[0]
        assert len(body) > 1000


def test_vocabulary_comes_from_the_data_files(loaded):
    entries, _ = loaded
    vocab = Vocabularies(REPO / "data")
    used = {t for e in entries.alerts for t in e.values.get("violations", ())}
    assert used <= {t.slug for t in vocab.violations} and len(used) > len(vocab.violations) // 2
