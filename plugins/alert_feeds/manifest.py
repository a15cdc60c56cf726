"""feeds/manifest.json: a digest of every feed file, for the WebSub ping.

Which feeds changed since the last deploy is known by comparing this file
with the one the live site serves: builds are byte-identical for the same
input, so a feed's digest changes exactly when a subscriber would get
something new in it (an entry, a correction, a translation, an appeal
closing, a moved site). tools/ping_hub.py reads both and pings the hub for
those feeds only.
"""

from __future__ import annotations

import hashlib
import json

MANIFEST = "feeds/manifest.json"
FORMAT = 2  # 2: digests of 16 hex digits (1: 64)


def digest(data: bytes) -> str:
    """The first 64 bits of the feed's sha256: enough to tell a change, at a quarter of
    the bytes (the manifest names every feed file: 52,000 of them at 50,000 alerts)."""
    return hashlib.sha256(data).hexdigest()[:16]


def manifest(digests: dict[str, str], siteurl: str, hub: str | None) -> bytes:
    """`feeds` maps each feed's site path to the digest of its bytes."""
    document = {"format": FORMAT, "siteurl": siteurl, "hub": hub, "feeds": dict(sorted(digests.items()))}
    return (json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")
