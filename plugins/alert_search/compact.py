"""A shard's lunr index in a compact form, expanded in the browser into exactly lunr's own.

lunr's serialisation repeats itself: a field vector per field of every
document (ours are all empty, see `build.ShardBuilder`), and per term an
object naming all four fields, empty or not, with every posting an object
`"12": {}`. On a 10,000-alert archive that was 6.9 of the 8.1 MB of `i-`
files. The compact form keeps only what cannot be worked out again:

    {"version": "2.3.9", "fields": ["t", "n", "p", "s"], "pipeline": [...],
     "documents": 412,
     "terms": [["yilmaz", [], [3, 1, 17]], ["freed", [0, 5], [], [], [2]], ...]}

- `documents`: how many documents; the field vectors are `"<field>/<n>": []`
  for each document n and field, in that order, as lunr.py writes them.
- `terms`: one row per term, **in lunr's term-number order**, so a term's
  `_index` is its position (lunr.py numbers terms as it first meets them,
  which is not alphabetical; the expansion sorts them back, as lunr.js
  needs). After the term, one list per field, in `fields` order: the
  documents holding the term in that field, the first as its number and
  each next one as the gap from the one before ([3, 1, 17] = 3, 4, 21;
  gaps are mostly one digit where numbers are three). Empty lists at the
  end of a row are left out.

Posting metadata is always empty (our builder records no positions), so it
is not written; `compact` refuses an index it could not give back exactly.
`expand` is the Python twin of `AlertSearchIndex.expand`
(theme/static/js/search-index.js), which the worker runs before
`lunr.Index.load`; tests compare both with lunr.py's own serialisation.
Terms hold no astral character (`text.fold`), so Python's code-point order
and JavaScript's UTF-16 order sort them the same.
"""

from __future__ import annotations


def compact(index: dict) -> dict:
    """The compact form of a serialised lunr index (lunr.py's `Index.serialize()`) built by `ShardBuilder`."""
    fields = list(index["fields"])
    documents, rest = divmod(len(index["fieldVectors"]), len(fields))
    if rest or index["fieldVectors"] != field_vectors(fields, documents):
        raise ValueError("only an index whose field vectors are empty, for documents numbered 0, 1, ..., is compacted")
    rows = sorted(index["invertedIndex"], key=lambda row: row[1]["_index"])
    terms = []
    for number, (term, posting) in enumerate(rows):
        if posting["_index"] != number or set(posting) != {*fields, "_index"}:
            raise ValueError(f"term {term!r}: terms must be numbered 0, 1, ... and name every field")
        row: list = [term, *(_gaps(term, posting[name]) for name in fields)]
        while len(row) > 1 and not row[-1]:
            row.pop()
        terms.append(row)
    return {
        "version": index["version"],
        "fields": fields,
        "pipeline": index["pipeline"],
        "documents": documents,
        "terms": terms,
    }


def expand(compact_index: dict) -> dict:
    """The serialised lunr index back from its compact form (what `lunr.Index.load` reads)."""
    fields = compact_index["fields"]
    inverted = []
    for number, (term, *gaps) in enumerate(compact_index["terms"]):
        posting: dict = {}
        for position, name in enumerate(fields):
            docs, doc = {}, 0
            for gap in gaps[position] if position < len(gaps) else ():
                doc += gap
                docs[str(doc)] = {}
            posting[name] = docs
        posting["_index"] = number
        inverted.append([term, posting])
    inverted.sort(key=lambda row: row[0])
    return {
        "version": compact_index["version"],
        "fields": fields,
        "fieldVectors": field_vectors(fields, compact_index["documents"]),
        "invertedIndex": inverted,
        "pipeline": compact_index["pipeline"],
    }


def field_vectors(fields: list[str], documents: int) -> list:
    """Empty field vectors, as lunr.py serialises them: every field of document 0, then of 1..."""
    return [[f"{name}/{doc}", []] for doc in range(documents) for name in fields]


def _gaps(term: str, postings: dict) -> list[int]:
    """A field's documents (refs "0", "1", ... with empty metadata) as the first number and the gaps after it."""
    if any(metadata for metadata in postings.values()):
        raise ValueError(f"term {term!r}: postings with metadata are not compacted")
    if not all(ref.isdecimal() and str(int(ref)) == ref for ref in postings):
        raise ValueError(f"term {term!r}: document refs must be plain numbers")
    numbers = sorted(int(ref) for ref in postings)
    return [n - before for n, before in zip(numbers, [0, *numbers], strict=False)]
