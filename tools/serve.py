"""Local preview: build, serve on 127.0.0.1, rebuild whenever anything changes.

Watches content, theme, plugins, data and the settings, and rebuilds in a
fresh process each time, so a change to a plugin's code is picked up too.
Drafts are shown. A build that fails prints its problems and leaves the last
good site being served.
"""

from __future__ import annotations

import argparse
import functools
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchfiles import watch

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["content", "theme", "plugins", "data", "pelicanconf.py"]


def build(content: str, output: str) -> None:
    command = [sys.executable, "-m", "pelican", content, "-s", "pelicanconf.py", "-o", output, "-e", "SHOW_DRAFTS=true"]
    result = subprocess.run(command, cwd=ROOT)
    print("Built." if result.returncode == 0 else "Build failed: the previous site is still served.", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default="content")
    parser.add_argument("--output", default="output")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    build(args.content, args.output)
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(ROOT / args.output))
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving on http://127.0.0.1:{args.port}/ — Ctrl-C to stop.", flush=True)
    paths = [ROOT / p for p in WATCHED] + ([Path(args.content)] if args.content != "content" else [])
    try:
        for _changes in watch(*[p for p in paths if p.exists()]):
            build(args.content, args.output)
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
