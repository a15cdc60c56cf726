"""The compact shard index: the browser must get back exactly lunr.py's own index, in fewer bytes.

`compact.compact` writes a shard's index without lunr's repetitions and
`search-index.js` (in the worker) expands it before `lunr.Index.load`. If
the expansion missed a posting, a term or a term number, a search would
silently find less; so the expansion, in Python and in Chromium, is compared
with lunr.py's serialisation byte for byte, and lunr.js answers the same
queries from both.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from alert_search.build import ShardJob, build_index, build_shard, encode
from alert_search.compact import compact, expand
from alert_search.documents import SearchDoc
from alert_search.shards import Shard
from lunr import lunr

JS = Path(__file__).resolve().parent.parent / "theme" / "static" / "js"
NAMES = "Elif Yılmaz|Nguyễn Thị Hà|José Ñúñez|Аминат Долгова|أحمد إبراهيم|Kwame Mensah|Ama Owusu".split("|")
WORDS = "journalist editor detained freed radio station raid court bail Monday Norway press union".split()


def _shard(count: int = 140, seed: int = 7) -> Shard:
    """Documents with common and rare words, in every field, some fields empty, one document empty."""
    rng = random.Random(seed)
    docs = []
    for n in range(count):
        fields = {
            "t": " ".join(rng.sample(WORDS, 4)) + (f" case{n}" if n % 3 else ""),
            "n": rng.choice(NAMES) if n % 4 else "",
            "p": f"Accra ref{n // 2}" if n % 5 else "",
            "s": " ".join(rng.choices(WORDS, k=12)) + " " + rng.choice(NAMES),
        }
        if n == 17:
            fields = dict.fromkeys(fields, "")
        docs.append(SearchDoc(id=f"a{n}", day="2026-01-01", fields=fields, facets=[n], display=[]))
    return Shard("2026", tuple(docs))


@pytest.fixture(scope="module", params=[True, False], ids=["stemmed", "unstemmed"])
def lunr_index(request) -> dict:
    return build_index(_shard(), request.param)


def test_expanding_the_compact_form_gives_back_lunr_pys_index_byte_for_byte(lunr_index):
    assert encode(expand(compact(lunr_index))) == encode(lunr_index)
    assert len(encode(compact(lunr_index))) < len(encode(lunr_index)) / 3


def test_term_numbers_are_positions_and_postings_gaps(lunr_index):
    form = compact(lunr_index)
    first_seen = sorted(lunr_index["invertedIndex"], key=lambda row: row[1]["_index"])
    assert [row[0] for row in form["terms"]] == [term for term, _ in first_seen]
    assert form["terms"] != sorted(form["terms"]), "lunr.py numbers terms as met, not alphabetically"
    accra = next(row for row in form["terms"] if row[0] == "accra")
    held = sorted(int(ref) for ref in dict(lunr_index["invertedIndex"])["accra"]["p"])
    assert accra == ["accra", [], [], [held[0], *(b - a for a, b in zip(held, held[1:], strict=False))]]
    assert "fieldVectors" not in form and form["documents"] == 140


def test_the_shard_file_holds_the_compact_index_of_lunr_pys_index():
    shard = _shard(60, seed=3)
    files = build_shard(ShardJob(shard, True, 100))
    data = json.loads(files.index.data)
    assert data["facets"] == [[n] for n in range(60)]
    assert expand(data["index"]) == build_index(shard, True)
    assert sorted(row[0] for row in data["index"]["terms"]) == list(files.terms), "the directory gets every term"


def test_an_index_it_could_not_give_back_is_refused():
    stock = lunr(ref="r", fields=("t",), documents=[{"r": "0", "t": "press freedom"}]).serialize()
    with pytest.raises(ValueError, match="field vectors"):
        compact(stock)  # lunr.py's BM25 vectors are not empty
    named = lunr(ref="r", fields=("t",), documents=[{"r": "x", "t": "press"}]).serialize()
    named["fieldVectors"] = [["t/0", []]]
    with pytest.raises(ValueError, match="plain numbers"):
        compact(named)


def test_the_demo_shards_are_compact_and_expand_to_lunr_indexes(demo_site):
    manifest = json.loads((demo_site / "search/manifest.json").read_text(encoding="utf-8"))
    written = expanded = 0
    for shard in manifest["shards"]:
        data = json.loads((demo_site / "search" / shard["index"]).read_text(encoding="utf-8"))
        index = expand(data["index"])
        assert len(index["fieldVectors"]) == 4 * shard["count"]
        assert compact(index) == data["index"]
        written += len(encode(data["index"]))
        expanded += len(encode(index))
    assert written < expanded / 2


def test_the_browser_expands_it_to_the_same_index_and_finds_the_same(chromium, lunr_index):
    page = chromium.new_page()
    for script in ("vendor/lunr-2.3.9/lunr.min.js", "search-text.js", "search-index.js"):
        page.add_script_tag(path=str(JS / script))
    in_browser = page.evaluate("c => AlertSearchIndex.expand(c)", compact(lunr_index))
    assert in_browser == lunr_index
    answers = page.evaluate(
        """([original, form, queries]) => {
            lunr.Pipeline.registerFunction(AlertSearchText.lunrFold, 'alertFold');
            const answer = ix => queries.map(q => ix.search(q).map(r => [r.ref, r.score, r.matchData.metadata]));
            return [answer(lunr.Index.load(original)), answer(lunr.Index.load(AlertSearchIndex.expand(form)))];
        }""",
        [lunr_index, compact(lunr_index), ["yilmaz", "t:freed", "accra norway", "jour*", "+court +bail", "ref3"]],
    )
    page.close()
    assert answers[0] == answers[1]
    assert all(answers[0]), "every query finds something, so the comparison means something"
