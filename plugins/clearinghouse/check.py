"""`make check`: validate a content folder without building, for editors.

Usage: python -m clearinghouse.check [CONTENT_FOLDER] [-s SETTINGS]

Problems stop it with exit status 1. Possible duplicates (`overlap.py`) are
printed as warnings and leave the status at 0: only an editor can tell
whether two reports are one story.
"""

from __future__ import annotations

import argparse
import sys

from pelican.settings import read_settings

from clearinghouse.content.overlap import find_overlaps
from clearinghouse.content.overlap import report as overlap_report
from clearinghouse.content.problems import InvalidContent
from clearinghouse.pipeline import Options, load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", nargs="?", default="content")
    parser.add_argument("-s", "--settings", default="pelicanconf.py")
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    try:
        entries, _ = load(Options.from_settings(settings, args.content))
    except InvalidContent as stop:
        stop.print_report()
        return 1
    overlaps = find_overlaps(entries)
    if overlaps:
        print(overlap_report(overlaps), end="\n\n")
    warned = (
        f"; {len(overlaps)} possible duplicate{'s' if len(overlaps) != 1 else ''} (warnings above)" if overlaps else ""
    )
    print(
        f"{args.content}: {len(entries.alerts)} alert files, {len(entries.members)} members, "
        f"{len(entries.pages)} pages: no problems{warned}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
