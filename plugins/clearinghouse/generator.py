"""The Pelican generator that runs our pipeline and writes our pages."""

from __future__ import annotations

from pathlib import Path

from pelican.generators import Generator

from . import progress
from .pipeline import Options, build_site
from .problems import InvalidContent
from .publish import Publisher
from .reuse import OutputReuse

UPDATE = "OUTPUT_UPDATE"  # atomic_output updates the live output as this object says


class AlertSiteGenerator(Generator):
    """Reads alerts, members and pages; validates; enriches; publishes."""

    def generate_context(self) -> None:
        # other plugins (feeds, search) may report their own stages on it
        self.progress = progress.Progress(progress.wanted(self.settings.get("BUILD_PROGRESS")))
        self.context["build_progress"] = self.progress
        try:
            self.site = build_site(Options.from_settings(self.settings, self.path), progress=self.progress)
        except InvalidContent as stop:
            stop.print_report()
            raise
        self.context["alert_site"] = self.site
        # other plugins (feeds) keep unchanged files through the same object
        self.reuse = OutputReuse.from_settings(self.settings, self.site)
        self.context["output_reuse"] = self.settings[UPDATE] = self.reuse

    def generate_output(self, writer) -> None:
        reuse = self.reuse
        publisher = Publisher(
            site=self.site, settings=self.settings, output=Path(self.output_path), theme=Path(self.theme), reuse=reuse
        )
        with self.progress.stage("pages written") as pages:
            _count_pages(publisher, pages.advance)
            publisher.publish(show_drafts=bool(self.settings.get("SHOW_DRAFTS")))
            pages.note = f"{len(reuse.kept):,} unchanged, kept from the last build"


def _count_pages(publisher: Publisher, advance) -> None:
    """Count each page as the publisher renders it (wraps this one instance)."""
    render = publisher.render

    def counted(*args, **kwargs):
        render(*args, **kwargs)
        advance()

    publisher.render = counted  # type: ignore[method-assign]
