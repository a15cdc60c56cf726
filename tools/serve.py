"""Local preview: build, serve on 127.0.0.1, rebuild whenever anything changes.

Watches content, theme, plugins, data and the settings, and rebuilds in a
fresh process each time, so a change to a plugin's code is picked up too.
Drafts are shown. A build that fails prints its problems and leaves the last
good site being served.

Live reload, as `mkdocs serve` does it: every HTML page this server sends
gets a small script (tools/livereload.js) added on the way out — the built
files are never touched, so `make html` and `make publish` output has no
trace of it. The script listens to /__livereload__/events (Server-Sent
Events from this same server) and reloads the page when a build succeeds;
when a save breaks the build it shows the build's problem report in the
page until a build succeeds again.
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["theme", "plugins", "data", "pelicanconf.py"]  # and the content folder
SCRIPT = Path(__file__).resolve().parent / "livereload.js"
PREFIX = "/__livereload__/"
HEARTBEAT = 15.0  # seconds between keep-alive comments on an idle event stream
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Builds:
    """What the open pages need to know: how many builds finished, and how the last one went."""

    generation: int = 0
    ok: bool = True
    report: str = ""
    changed: threading.Condition = field(default_factory=threading.Condition)

    def finished(self, ok: bool, report: str) -> None:
        with self.changed:
            self.generation += 1
            self.ok, self.report = ok, report
            self.changed.notify_all()

    def state(self) -> dict:
        with self.changed:
            return {"generation": self.generation, "ok": self.ok, "report": self.report}

    def wait_after(self, generation: int, timeout: float) -> dict:
        """The state once a build newer than `generation` has finished (or the timeout passed)."""
        with self.changed:
            self.changed.wait_for(lambda: self.generation > generation, timeout)
            return {"generation": self.generation, "ok": self.ok, "report": self.report}


def build(content: str, output: str) -> tuple[bool, str]:
    """Build once; its stderr goes to the terminal as it comes and is kept for the page."""
    command = [sys.executable, "-m", "pelican", content, "-s", "pelicanconf.py", "-o", output, "-e", "SHOW_DRAFTS=true"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True, errors="replace")
    kept = []
    for line in process.stderr:  # type: ignore[union-attr]  # stderr=PIPE
        sys.stderr.write(line)
        kept.append(line)
    ok = process.wait() == 0
    print("Built." if ok else "Build failed: the previous site is still served.", flush=True)
    return ok, "" if ok else ANSI.sub("", "".join(kept)).strip() or f"pelican stopped with status {process.returncode}"


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the output folder; adds the live-reload script to HTML pages."""

    builds: Builds  # set by `handler`

    def do_GET(self) -> None:
        self._respond(head=False)

    def do_HEAD(self) -> None:
        self._respond(head=True)

    def _respond(self, *, head: bool) -> None:
        url = urlsplit(self.path)
        if url.path.startswith(PREFIX):
            self._live(url.path[len(PREFIX) :], parse_qs(url.query), head)
            return
        page = self._page(url.path)
        if page is None and not self.builds.ok and url.path.endswith(("/", ".html")):
            # nothing built yet to show (the first build failed): the report itself, reloaded once fixed
            state = self.builds.state()
            text = (
                "<!doctype html><html lang=en><title>The site did not build</title><body>"
                f"<h1>The site did not build</h1><pre>{html.escape(state['report'])}</pre></body></html>"
            )
            self._send(503, "text/html; charset=utf-8", inject(text.encode(), state["generation"]), head)
            return
        if page is None:
            super().do_HEAD() if head else super().do_GET()
            return
        body = inject(page.read_bytes(), self.builds.generation)
        self._send(200, "text/html; charset=utf-8", body, head)

    def _page(self, path: str) -> Path | None:
        """The HTML file a request would get, if any (directories: their index.html)."""
        if path.endswith("/") or not Path(path).suffix:
            if not path.endswith("/"):
                return None  # the base class redirects to the folder's address
            path += "index.html"
        if not path.endswith(".html"):
            return None
        file = Path(self.translate_path(path))
        return file if file.is_file() else None

    def _live(self, name: str, query: dict, head: bool) -> None:
        if name == "livereload.js":
            self._send(200, "text/javascript; charset=utf-8", SCRIPT.read_bytes(), head)
        elif name == "status":
            self._send(200, "application/json", json.dumps(self.builds.state()).encode(), head)
        elif name == "events" and not head:
            self._events(int((query.get("since") or ["0"])[0] or 0))
        else:
            self.send_error(404)

    def _events(self, since: int) -> None:
        """A Server-Sent Events stream: one `build` event per finished build after `since`."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                state = self.builds.wait_after(since, HEARTBEAT)
                if state["generation"] > since:
                    since = state["generation"]
                    self.wfile.write(b"event: build\ndata: " + json.dumps(state).encode() + b"\n\n")
                else:
                    self.wfile.write(b": still here\n\n")  # finds closed pages, so their threads end
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _send(self, status: int, kind: str, body: bytes, head: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")  # a reload must show the new build
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:
        if not self.path.startswith(PREFIX):
            super().log_message(format, *args)


def inject(html: bytes, generation: int) -> bytes:
    """The page with the live-reload script before </body> (or at the end)."""
    tag = f'<script src="{PREFIX}livereload.js" data-generation="{generation}"></script>'.encode()
    at = html.rfind(b"</body>")
    return html + tag if at < 0 else html[:at] + tag + html[at:]


def handler(output: Path, builds: Builds):
    return functools.partial(type("Handler", (PreviewHandler,), {"builds": builds}), directory=str(output))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--port", type=int, default=8000, help="0: any free port (the address is printed)")
    args = parser.parse_args(argv)
    builds = Builds()
    builds.finished(*build(args.content, args.output))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(ROOT / args.output, builds))
    server.daemon_threads = True  # open event streams do not keep the server from stopping
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{server.server_address[1]}/ — Ctrl-C to stop.", flush=True)
    paths = [ROOT / args.content] + [ROOT / p for p in WATCHED]
    try:
        for _changes in watch(*[p for p in paths if p.exists()]):
            builds.finished(*build(args.content, args.output))
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
