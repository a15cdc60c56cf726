"""Serve a built site on 127.0.0.1 and drive Debian's Chromium over it.

The site is built for, and served under, a sub-path
(http://127.0.0.1:PORT/repo/) as GitHub Pages serves a project site, so
every browser test also proves the site works away from a domain's root.
Requests to any other host are refused and recorded: no page may make one.
"""

from __future__ import annotations

import functools
import json
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


class QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".atom": "application/atom+xml",
        ".rss": "application/rss+xml",
        ".opml": "text/x-opml",
        ".json": "application/json",
        ".js": "text/javascript",
    }

    def log_message(self, *args) -> None:
        pass


@dataclass
class Server:
    root: Path
    httpd: ThreadingHTTPServer = field(init=False)

    def __post_init__(self) -> None:
        handler = functools.partial(QuietHandler, directory=str(self.root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@dataclass
class Browser:
    """A Chromium page that refuses, and remembers, requests to other hosts."""

    page: object
    origin: str
    foreign: list[str] = field(default_factory=list)

    def guard(self) -> None:
        def route(route):
            if route.request.url.startswith(self.origin) or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                self.foreign.append(route.request.url)
                route.abort()

        self.page.route("**/*", route)

    def axe(self, *, impacts=("serious", "critical"), enable=()) -> list[dict]:
        """axe-core's violations of the given impacts on the current page.

        `enable`: rule ids to run even if axe's defaults ever leave them out.
        """
        self.page.add_script_tag(path=str(AXE))
        options = {"rules": {rule: {"enabled": True} for rule in enable}}
        result = self.page.evaluate("async (options) => JSON.stringify(await axe.run(document, options))", options)
        return [v for v in json.loads(result)["violations"] if v["impact"] in impacts]


def same_site(url: str, origin: str) -> bool:
    return urlsplit(url).netloc == urlsplit(origin).netloc
