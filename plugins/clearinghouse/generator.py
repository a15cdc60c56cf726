"""The Pelican generator that runs our pipeline and writes our pages."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from .pipeline import Options, build_site
from .problems import InvalidContent
from .publish import Publisher


class AlertSiteGenerator(Generator):
    """Reads alerts, members and pages; validates; enriches; publishes."""

    def generate_context(self) -> None:
        try:
            self.site = build_site(Options.from_settings(self.settings, self.path))
        except InvalidContent as stop:
            stop.print_report()
            raise
        self.context["alert_site"] = self.site

    def generate_output(self, writer) -> None:
        publisher = Publisher(
            site=self.site, settings=self.settings, output=Path(self.output_path), theme=Path(self.theme)
        )
        publisher.publish(show_drafts=bool(self.settings.get("SHOW_DRAFTS")))
