"""The GitHub workflows stay hardened: zizmor finds nothing in `.github/`,
every action is pinned to a commit SHA with its version in a comment (which
dependabot.yml keeps current), and no checkout leaves the token on disk.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
ZIZMOR = Path(sys.executable).parent / "zizmor"  # pinned in requirements.txt
# owner/repo[/path]@<40 hex digits>, then a comment naming the version: "# v5.0.0"
PINNED = re.compile(r"[\w.-]+/[\w.-]+(/[^@\s]+)?@[0-9a-f]{40}")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>[^\s#]+)(?P<rest>.*)$")
VERSION_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+)*\b")


def zizmor(root: Path) -> tuple[subprocess.CompletedProcess, list]:
    """zizmor's findings on root/.github/, as `make lint` runs it."""
    run = subprocess.run(
        [str(ZIZMOR), "--offline", "--format=json", "--no-progress", ".github/"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return run, json.loads(run.stdout or "null")


def workflows(root: Path) -> list[Path]:
    folder = root / ".github" / "workflows"
    return sorted([*folder.glob("*.yml"), *folder.glob("*.yaml")])


def _uses(workflow: dict):
    """(where, step or job, uses) for every `uses:` of a parsed workflow."""
    for job_id, job in (workflow.get("jobs") or {}).items():
        if "uses" in job:  # a reusable workflow
            yield f"jobs.{job_id}", job, job["uses"]
        for i, step in enumerate(job.get("steps") or ()):
            if "uses" in step:
                yield f"jobs.{job_id}.steps[{i}]", step, step["uses"]


def problems(root: Path) -> list[str]:
    """Every action not pinned to a SHA with a version comment, every checkout
    that keeps its credentials."""
    found = []
    for path in workflows(root):
        name = path.relative_to(root)
        text = path.read_text(encoding="utf-8")
        commented = {}
        for line in text.splitlines():
            if m := USES_LINE.match(line):
                commented.setdefault(m["ref"].strip("'\""), []).append(bool(VERSION_COMMENT.match(m["rest"])))
        for where, item, ref in _uses(yaml.safe_load(text)):
            if ref.startswith("./"):  # an action or workflow of this repository
                continue
            if not PINNED.fullmatch(ref):
                found.append(f"{name} {where}: {ref} is not pinned to a commit SHA")
            elif not commented.get(ref) or not all(commented[ref]):
                found.append(f"{name} {where}: {ref} has no '# vX' comment naming its version")
            if ref.startswith("actions/checkout@"):
                keep = (item.get("with") or {}).get("persist-credentials")
                if keep not in (False, "false"):
                    found.append(f"{name} {where}: actions/checkout without persist-credentials: false")
    return found


def test_zizmor_finds_nothing():
    run, findings = zizmor(REPO)
    assert findings == [], "zizmor: " + "; ".join(
        f"{f['ident']} at {f['locations'][0]['symbolic']['key']['Local']['verbatim_path']}"
        f":{f['locations'][0]['concrete']['location']['start_point']['row'] + 1}"
        for f in findings
    )
    assert run.returncode == 0, run.stderr


def test_actions_pinned_and_checkouts_without_credentials():
    assert workflows(REPO), "no workflow found"
    assert problems(REPO) == []


def test_dependabot_keeps_the_pins_current():
    config = yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert any(u["package-ecosystem"] == "github-actions" and u["directory"] == "/" for u in config["updates"])


def test_the_checks_catch_an_unpinned_action(tmp_path):
    # the same workflow with one action back on a tag and one checkout keeping its token
    text = (REPO / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8")
    bad, n = re.subn(r"actions/setup-python@[0-9a-f]{40}\s+#\s*v[\d.]+", "actions/setup-python@v7", text)
    assert n == 1
    bad, n = re.subn(r"\n\s+with:\n\s+persist-credentials: false\n", "\n", bad, count=1)
    assert n == 1
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "site.yml").write_text(bad, encoding="utf-8")

    found = problems(tmp_path)
    assert any("actions/setup-python@v7 is not pinned" in p for p in found), found
    assert any("without persist-credentials: false" in p for p in found), found
    run, findings = zizmor(tmp_path)
    assert {"unpinned-uses", "artipacked"} <= {f["ident"] for f in findings}, run.stderr
    assert run.returncode != 0
