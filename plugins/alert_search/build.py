"""Build one shard's files: a lunr index with its facets, and result texts.

Runs in worker processes for big archives (`SEARCH_PROCESSES`), so everything
here takes and returns plain data. Output bytes depend only on the input: JSON
with fixed separators and key order, lunr.py's own ordering, no clock.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.stemmer import porter_stemmer, stemmer
from lunr.token_set import TokenSet
from lunr.vector import Vector

from .documents import FIELDS
from .shards import Shard, chunks
from .text import alert_fold, fold


@dataclass(frozen=True)
class File:
    """A file to write under the language's search folder, named by its content."""

    name: str
    data: bytes

    @classmethod
    def hashed(cls, prefix: str, payload: object) -> File:
        data = encode(payload)
        return cls(f"shards/{prefix}-{hashlib.sha256(data).hexdigest()[:16]}.json", data)


@dataclass(frozen=True)
class ShardJob:
    shard: Shard
    stem: bool  # English only: lunr.js ships the English stemmer and no other
    chunk: int


@dataclass(frozen=True)
class ShardFiles:
    shard: Shard
    index: File
    texts: tuple[File, ...]

    def written(self) -> ShardFiles:
        """The same without the bytes: what the manifest needs once the files are written."""
        return ShardFiles(self.shard, File(self.index.name, b""), tuple(File(t.name, b"") for t in self.texts))


def encode(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """lunr's Porter stemmer, remembered per word: an archive repeats its words."""
    return porter_stemmer.stem(word)


class ShardBuilder(Builder):
    """lunr.py's builder, fed words folded beforehand, without BM25 vectors.

    `add` takes each field as a list of words already cut and folded by
    `text.fold`, and stems them when the index is stemmed: exactly the terms
    the serialised query pipeline (alertFold, stemmer) makes from the raw
    text, which a test checks against lunr.py's own `Builder.add`. It keeps
    lunr.py's bookkeeping (postings, term numbers in first-seen order) but not
    its tokenizer, which walks strings a character at a time and deep-copies
    a metadata dict per word: most of the build time on a big archive.

    Field vectors are left empty. They only feed lunr's BM25 score, which the
    browser does not use: BM25 depends on the shard's own statistics, so two
    shards' scores cannot be compared. Results are ranked instead by which
    fields matched and how (search-worker.js), then newest first. Empty
    vectors keep the file a valid lunr 2.3.9 index, about 40% smaller.
    """

    def __init__(self, stem: bool) -> None:
        super().__init__()
        self.stem = stem
        self.search_pipeline.add(*((alert_fold, stemmer) if stem else (alert_fold,)))
        self.ref("r")
        for name in FIELDS:
            self.field(name)

    def add(self, doc: dict, attributes: dict | None = None) -> None:
        """lunr.py's `add`, each field given as its folded words."""
        self.add_terms(
            str(doc[self._ref]),
            {name: count_terms(doc[name], self.stem) for name in self._fields},
            attributes,
        )

    def add_terms(self, doc_ref: str, fields: dict[str, Counter], attributes: dict | None = None) -> None:
        """A document given as each field's terms and their counts (`count_terms`), which it only reads."""
        self._documents[doc_ref] = attributes or {}
        self.document_count += 1
        for field_name in self._fields:
            terms = fields[field_name]
            field_ref = str(FieldRef(doc_ref, field_name))
            self.field_term_frequencies[field_ref] = terms
            self.field_lengths[field_ref] = sum(terms.values())
            for term in terms:  # first-seen order, as lunr.py numbers terms
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = {}

    def _create_field_vectors(self) -> None:
        self.field_vectors = {ref: Vector() for ref in self.field_term_frequencies}

    def _create_token_set(self) -> None:
        """Not serialised: lunr.js builds the token set from the terms when it loads the index."""
        self.token_set = TokenSet()


def count_terms(words: list[str], stem: bool) -> Counter:
    """A field's index terms (its folded words, stemmed if the index is) and how often each occurs."""
    return Counter(_stem(w) for w in words) if stem else Counter(words)


class Terms:
    """Each text's terms, worked out once for every language edition of a shard.

    An untranslated alert has the same title, names and summary in all five
    editions (only the particulars name places and violations in the
    edition's language), and four of the five indexes are not stemmed: the
    same text gives the same terms. The search generator builds a shard's
    editions one after the other with one of these, then lets it go.
    """

    def __init__(self) -> None:
        self._found: dict[tuple[str, bool], Counter] = {}

    def __call__(self, text: str, stem: bool) -> Counter:
        key = (text, stem)
        terms = self._found.get(key)
        if terms is None:
            terms = self._found[key] = count_terms(fold(text), stem)
        return terms


def build_index(shard: Shard, stem: bool, terms: Terms | None = None) -> dict:
    """The serialised lunr index of a shard; document refs are positions in it."""
    terms = terms or Terms()
    builder = ShardBuilder(stem)
    for position, doc in enumerate(shard.docs):
        builder.add_terms(str(position), {name: terms(text, stem) for name, text in doc.fields.items()})
    return builder.build().serialize()


def build_shard(job: ShardJob, terms: Terms | None = None) -> ShardFiles:
    shard = job.shard
    index = File.hashed("i", {"index": build_index(shard, job.stem, terms), "facets": [d.facets for d in shard.docs]})
    texts = tuple(File.hashed("d", [d.display for d in part]) for part in chunks(shard, job.chunk))
    return ShardFiles(shard=shard, index=index, texts=texts)
