"""Pelican plugin: the Clearing House's alerts, members, cases and pages.

Stages, one module each: `read` (front matter -> typed entries), `validate`
(rules across files), `enrich` (links records), `publish` (pages). This
module only connects the generator to Pelican.
"""

from blinker import signal
from pelican import signals

from clearinghouse import summary
from clearinghouse.generator import AlertSiteGenerator


def _generators(pelican):
    return AlertSiteGenerator


def register() -> None:
    signals.get_generators.connect(_generators)
    signals.initialized.connect(summary.start)
    signal("atomic_output.output_replaced").connect(summary.finish)
