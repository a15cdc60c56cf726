#!/usr/bin/env python3
"""Tell the WebSub hub which feeds changed in this deploy (`make ping`).

Every build writes feeds/manifest.json: a digest (64 bits of sha256) of each feed file, plus
the SITEURL and WEBSUB_HUB it was built with. Builds are byte-identical for
the same input, so a feed changed exactly when its digest differs from the
one in the manifest the live site served before this deploy. For each such
feed (in address order) this sends the hub a publish notification:
POST hub.mode=publish&hub.url=<feed address>.

The deploy is then, in order:
  make publish                                       # build output/
  curl -fsS "$SITEURL/feeds/manifest.json" -o previous-manifest.json
  (deploy output/)
  make ping PREVIOUS=previous-manifest.json

--previous takes a file or an http(s) address. With no previous manifest
(the first deploy) pass --all to notify the hub of every feed (`make ping`
without PREVIOUS does). Exit status:
0 when every notification was accepted (or nothing changed, or no hub is
configured), 1 when one was refused, 2 for a usage problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

MANIFEST = "feeds/manifest.json"
TIMEOUT = 20  # seconds per request


def load_manifest(source: str) -> dict:
    """A manifest from a file path or an http(s) address."""
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=TIMEOUT) as response:  # noqa: S310 (an address we were given)
            return json.loads(response.read().decode("utf-8"))
    return json.loads(Path(source).read_text(encoding="utf-8"))


def changed_feeds(current: dict, previous: dict | None) -> list[str]:
    """Site paths of the feeds that are new or whose bytes differ, sorted."""
    before = (previous or {}).get("feeds", {})
    return sorted(path for path, digest in current["feeds"].items() if before.get(path) != digest)


def notify(hub: str, url: str) -> tuple[bool, str]:
    """One WebSub publish notification; True when the hub accepted it (2xx)."""
    body = urllib.parse.urlencode({"hub.mode": "publish", "hub.url": url}).encode("ascii")
    request = urllib.request.Request(hub, data=body, method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (the configured hub)
            return 200 <= response.status < 300, str(response.status)
    except urllib.error.HTTPError as refused:
        return False, f"{refused.code} {refused.reason}"
    except OSError as failed:
        return False, str(failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="output", help="the built site (default: output)")
    parser.add_argument("--previous", help="the manifest the live site served before this deploy (file or URL)")
    parser.add_argument("--all", action="store_true", help="notify every feed (first deploy: no previous manifest)")
    parser.add_argument("--hub", help="hub address (default: WEBSUB_HUB as built, from the manifest)")
    parser.add_argument("--dry-run", action="store_true", help="print what would be notified, send nothing")
    args = parser.parse_args(argv)

    current = load_manifest(str(Path(args.output) / MANIFEST))
    hub = args.hub or current.get("hub")
    if not hub:
        print("ping: no WebSub hub configured (WEBSUB_HUB is None); nothing to do")
        return 0
    if not current.get("siteurl"):
        print("ping: the site was built without SITEURL; feed addresses are unknown", file=sys.stderr)
        return 2
    if args.all:
        previous = None
    elif args.previous:
        try:
            previous = load_manifest(args.previous)
        except (OSError, ValueError) as problem:
            print(f"ping: cannot read the previous manifest {args.previous}: {problem}", file=sys.stderr)
            print("ping: pass --all on a first deploy to notify every feed", file=sys.stderr)
            return 2
    else:
        print("ping: give --previous (the live manifest before this deploy) or --all", file=sys.stderr)
        return 2

    changed = changed_feeds(current, previous)
    print(f"ping: {len(changed)} of {len(current['feeds'])} feeds changed; hub {hub}")
    failures = 0
    for path in changed:
        url = f"{current['siteurl']}/{path}"
        if args.dry_run:
            print(f"  would notify {url}")
            continue
        accepted, status = notify(hub, url)
        if not accepted:
            failures += 1
            print(f"  refused {url}: {status}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
