"""Pelican plugin: the archive as data (/data/, shared/spec/urls.md "Data").

Every published alert as one CSV row and one JSON object, described by a
Frictionless Data Package, and the /data/ page that explains them in every
language (docs/data.md). Modules, one job each: `config` (settings),
`table` (the columns and what each alert puts in them), `package`
(the bytes of the three files) and `generator` (writes them). This module
only connects the generator to Pelican.
"""

from pelican import signals

from .generator import OpenDataGenerator


def _generators(pelican):
    return OpenDataGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
