"""Build one shard's files: a lunr index (written compact, see `compact`) with its facets, result texts, translations.

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

from .compact import compact
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
    stem: bool  # lunr's (English) Porter stemmer, the only one lunr.js ships: SEARCH_STEM_LANGUAGES
    chunk: int


@dataclass(frozen=True)
class ShardFiles:
    """A shard's files, shared by every edition, and its index terms (for the term directory).

    `translations` holds, per language and text chunk that has any, the
    texts of its alerts translated into that language.
    """

    shard: Shard
    index: File
    texts: tuple[File, ...]
    translations: tuple[tuple[str, int, File], ...] = ()
    terms: tuple[str, ...] = ()

    @property
    def files(self) -> tuple[File, ...]:
        return (self.index, *self.texts, *(file for _, _, file in self.translations))

    def written(self) -> ShardFiles:
        """The same without the bytes: what the manifest and directory need once the files are written."""
        return ShardFiles(
            self.shard,
            File(self.index.name, b""),
            tuple(File(t.name, b"") for t in self.texts),
            tuple((lang, chunk, File(f.name, b"")) for lang, chunk, f in self.translations),
            self.terms,
        )


def encode(payload: object) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode("utf-8")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """lunr's Porter stemmer as lunr.js runs it, remembered per word: an archive repeats its words.

    lunr.py's Porter turns a final "y" into "i" after a vowel too ("day" ->
    "dai", "Norway" -> "norwai"); lunr.js only after a consonant ("happy" ->
    "happi", "day" stays "day") but also where no vowel comes before
    ("why" -> "whi", lunr.py keeps "why"), so a word like "Monday" typed in the
    browser could never meet its term. The term is made as lunr.js would
    make it (a test compares the two stemmers on the demo's words).
    """
    stemmed = porter_stemmer.stem(word)
    end = len(stemmed)
    if end >= 2 and stemmed[-1] == "i" and stemmed[-2] in "aeiou" and end <= len(word) and word[end - 1] == "y":
        return stemmed[:-1] + "y"
    if end >= 3 and stemmed[-1] == "y" and stemmed[-2] not in "aeiouy" and len(word) >= 3:
        return stemmed[:-1] + "i"  # "why", "trying": lunr.js needs no vowel before the consonant
    return stemmed


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
    vectors keep the index a valid lunr 2.3.9 index, about 40% smaller; the
    shard file does not even write them (`compact`: the browser makes them
    again from the number of documents).
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
    """Each text's terms, worked out once for the texts a build meets again.

    Kept from when every edition had its own index (a shard's five editions
    shared one); the shared index asks each text once, so the generator no
    longer passes one, but `build_index` still accepts it.
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
    serialised = build_index(shard, job.stem, terms)
    index = File.hashed("i", {"index": compact(serialised), "facets": [d.facets for d in shard.docs]})
    parts = chunks(shard, job.chunk)
    texts = tuple(File.hashed("d", [d.display for d in part]) for part in parts)
    translations = []
    for lang in sorted({lang for d in shard.docs for lang in d.translations}):
        for number, part in enumerate(parts):
            rows = {str(i): d.translations[lang] for i, d in enumerate(part) if lang in d.translations}
            if rows:
                translations.append((lang, number, File.hashed("l", rows)))
    terms_in = tuple(sorted(serialised_terms(serialised)))
    return ShardFiles(shard=shard, index=index, texts=texts, translations=tuple(translations), terms=terms_in)


def serialised_terms(index: dict) -> list[str]:
    """The terms of a serialised lunr index (what the term directory maps to shards)."""
    return [term for term, _ in index["invertedIndex"]]
