"""The term directory: which shards hold a term, in small files by the term's first letters.

A reader looking for a name from 1998 must not download every shard newer
than 1998 to find it. The directory maps every index term to the shards that
hold it; it is cut into buckets by the terms' first letters, so a query
reads one small file per word and then fetches only the shards that can
match, newest first.

Buckets: terms are grouped by their first letter; a group whose file would
be over `limit` bytes is cut again by the next letter, down to `MAX_KEY`
letters. A term no longer than its group's key stays in that group ("al" in
"al" when "al" is cut into "ala", "alb"...). The browser finds a term's file
as the longest key that begins the term; a prefix query ("yilm", 3 letters
or more) also reads the keys that begin with what was typed.

Shards are numbered oldest first (0 = the oldest), so a new alert, which
changes the newest shard only, changes only the buckets of its own terms.
Each term's shards are written as a list of numbers and runs
(`[3, [5, 9]]` = 3, 5, 6, 7, 8, 9).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .build import File, encode

MAX_KEY = 4
# Most bytes (JSON, before gzip) in one bucket before it is cut by one more letter.
BUCKET_BYTES = 32_000


def postings(shards: Iterable[tuple[int, Iterable[str]]]) -> dict[str, list[int]]:
    """Each term and the numbers of the shards holding it, in increasing order."""
    found: dict[str, list[int]] = defaultdict(list)
    for number, terms in sorted(shards):
        for term in terms:
            found[term].append(number)
    return found


def runs(numbers: list[int]) -> list:
    """[1, 2, 3, 7] -> [[1, 3], 7]: a run of three or more as [first, last]."""
    out: list = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if end - start >= 2:
            out.append([numbers[start], numbers[end]])
        else:
            out += numbers[start : end + 1]
        start = end + 1
    return out


def buckets(found: dict[str, list[int]], limit: int = BUCKET_BYTES) -> dict[str, dict[str, list]]:
    """The directory cut into buckets: key -> {term: shards as runs}, keys and terms sorted."""
    entries = {term: runs(numbers) for term, numbers in sorted(found.items())}
    cut: dict[str, dict[str, list]] = {}
    _split("", list(entries), entries, limit, cut)
    return dict(sorted(cut.items()))


def _size(terms: list[str], entries: dict[str, list]) -> int:
    return sum(len(term.encode()) + len(encode(entries[term])) + 4 for term in terms)


def _split(prefix: str, terms: list[str], entries: dict[str, list], limit: int, cut: dict) -> None:
    """Cut `terms` (all beginning with `prefix`) by their next letter while too big."""
    depth = len(prefix)
    if prefix and (depth >= MAX_KEY or _size(terms, entries) <= limit):
        cut[prefix] = {term: entries[term] for term in terms}
        return
    own = [term for term in terms if len(term) == depth]
    if own:
        cut[prefix] = {term: entries[term] for term in own}
    groups: dict[str, list[str]] = defaultdict(list)
    for term in terms:
        if len(term) > depth:
            groups[term[: depth + 1]].append(term)
    for key, group in groups.items():
        _split(key, group, entries, limit, cut)


def files(cut: dict[str, dict[str, list]]) -> tuple[dict[str, str], list[File]]:
    """Each bucket as a content-named file, and the key -> file name map for the manifest."""
    written = [(key, File.hashed("t", bucket)) for key, bucket in cut.items()]
    return {key: file.name for key, file in written}, [file for _, file in written]
