"""Pelican plugin: the weekly Communiqué (/digest/, shared/spec/urls.md).

Every alert and update of an ISO week (in the site's time zone), grouped by
region then country, with the appeals still open when the week ended: as a
page in every language, as an e-mail (HTML with inlined styles, and plain
text) ready to send, and as a feed with one entry per finished week
(docs/digest.md). Modules, one job each: `config` (settings), `weeks`
(ISO weeks and which are published), `model` (what a week's digest holds),
`email` (the e-mail files), `feed` (the digest feed), `generator` (writes
it all) and `mail` (sends a built week over SMTP: `make digest-mail`).
This module only connects the generator to Pelican.
"""

from pelican import signals

from .generator import DigestGenerator


def _generators(pelican):
    return DigestGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
