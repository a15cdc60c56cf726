"""Pelican plugin: the Atom and RSS feeds, the OPML bundles and the /feeds/ page.

Subscribers' readers and other organisations' scripts are how an alert
reaches the world, so every feed address, entry id and time here is
permanent and deterministic (docs/feeds.md). Modules, one job each:
`config` (settings), `identity` (tag: ids), `membership` (which alerts a
feed carries), `naming` (titles and pages, per language), `entries`
(what one entry says), `feedwriter` (feedgen and its workarounds), `opml`,
`catalogue` (how feeds are grouped for people), `manifest` (what changed,
for WebSub) and `generator` (writes it all). This module only connects the
generator to Pelican.
"""

from pelican import signals

from .generator import FeedsGenerator


def _generators(pelican):
    return FeedsGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
