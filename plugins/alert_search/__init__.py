"""Pelican plugin: one search index for every language edition, in shards, with a term directory.

Index terms come from `text.fold` (the same folding as the browser's
`search-text.js`), documents from `documents`, the cut by period from
`shards`, the files from `build`, `directory` and `manifest`. This module only connects
the generator to Pelican; see docs/search.md for the design.
"""

from pelican import signals

from .generator import SearchIndexGenerator


def _generators(pelican):
    return SearchIndexGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
