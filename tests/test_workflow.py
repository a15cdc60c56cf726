"""The GitHub workflows stay hardened: zizmor finds nothing in `.github/`,
every action is pinned to a commit SHA with its version in a comment (which
dependabot.yml keeps current), and no checkout leaves the token on disk.

And the deploy is quick: a push that changes only content/ skips the browser
tests, the deploy job restores its virtual environment and the last build
(cache and output) and installs nothing with apt, and it warns, part by
part, when the site nears GitHub Pages' 1 GB.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
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
    bad, n = re.subn(r"actions/setup-python@[0-9a-f]{40}\s+#\s*v[\d.]+", "actions/setup-python@v7", text, count=1)
    assert n == 1
    # a `with:` holding only persist-credentials (the next line is not one of its keys)
    bad, n = re.subn(r"\n( +)with:\n +persist-credentials: false\n(?!\1 )", "\n", bad, count=1)
    assert n == 1
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "site.yml").write_text(bad, encoding="utf-8")

    found = problems(tmp_path)
    assert any("actions/setup-python@v7 is not pinned" in p for p in found), found
    assert any("without persist-credentials: false" in p for p in found), found
    run, findings = zizmor(tmp_path)
    assert {"unpinned-uses", "artipacked"} <= {f["ident"] for f in findings}, run.stderr
    assert run.returncode != 0


# --- the deploy of issue 16: incremental, and content-only pushes skip the browser tests

SITE = REPO / ".github" / "workflows" / "site.yml"
CACHE = "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae"  # v5.0.5
CODE_HASH = re.compile(r"hashFiles\((?P<files>[^)]*)\)")


def _site() -> dict:
    return yaml.safe_load(SITE.read_text(encoding="utf-8"))


def _step(job: dict, *, uses: str = "", run: str = "", path: str = "") -> tuple[int, dict]:
    """(index, step) of the one step of `job` that matches."""
    found = [
        (i, step)
        for i, step in enumerate(job["steps"])
        if (not uses or step.get("uses", "").startswith(uses))
        and (not run or run in step.get("run", ""))
        and (not path or path in (step.get("with") or {}).get("path", "").split())
    ]
    assert len(found) == 1, (uses, run, path, found)
    return found[0]


def _evaluate(expression: str, context: dict[str, str], cancelled: bool = False) -> bool:
    """A job's `if:` as GitHub evaluates it, for the operators this workflow uses.

    Dotted names are looked up in `context` (missing: ''); string literals
    are kept as they are; `!`, `&&`, `||`, `==`, `!=` and parentheses are
    Python's. An `if:` without a status function is `success() && (...)`:
    every job needed succeeded.
    """
    needed = {k.split(".")[1] for k in context if k.startswith("needs.") and k.endswith(".result")}
    success = all(context[f"needs.{job}.result"] == "success" for job in needed) and not cancelled
    if not re.search(r"\b(success|failure|cancelled|always)\(\)", expression):
        expression = f"success() && ({expression})"
    python = []
    for literal, code in re.findall(r"('[^']*')|([^']+)", expression):
        if literal:
            python.append(literal)
            continue
        code = re.sub(r"\b[a-z_]+(?:\.[\w-]+)+", lambda m: repr(context.get(m[0], "")), code)
        code = code.replace("&&", " and ").replace("||", " or ")
        code = re.sub(r"!(?!=)", " not ", code)
        code = code.replace("cancelled()", repr(cancelled)).replace("success()", repr(success))
        code = code.replace("always()", "True")
        python.append(code)
    return bool(eval(" ".join(python).replace("\n", " "), {"__builtins__": {}}))  # noqa: S307 - our own workflow's text


def _runs(workflow: dict, event: str, code: str | None, test: str | None = None, *, cancelled=False) -> dict:
    """Which jobs run for `event` when the changes job says code=`code`
    (None: the changes job failed) and the test job, if it runs, ends `test`."""
    jobs = workflow["jobs"]
    context = {
        "github.event_name": event,
        "github.ref": "refs/pull/1/merge" if event == "pull_request" else "refs/heads/main",
        "needs.changes.result": "success" if code is not None else "failure",
        "needs.changes.outputs.code": code or "",
    }
    ran = {"changes": True}
    for name in ("test", "check"):
        ran[name] = _evaluate(jobs[name]["if"], {k: v for k, v in context.items()}, cancelled)
    context["needs.test.result"] = (test or "success") if ran["test"] else "skipped"
    ran["deploy"] = _evaluate(jobs["deploy"]["if"], context, cancelled)
    return ran


def test_content_only_changes_skip_the_browser_tests_but_still_deploy():
    workflow = _site()
    jobs = workflow["jobs"]
    assert jobs["test"]["needs"] == "changes" and jobs["check"]["needs"] == "changes"
    assert set(jobs["deploy"]["needs"]) == {"changes", "test"}
    assert jobs["changes"]["outputs"]["code"] == "${{ steps.diff.outputs.code }}"
    for job in ("test", "check", "deploy"):
        assert "needs.changes.outputs.code" in jobs[job]["if"], job

    # push to main (or the daily run): content only, then code
    assert _runs(workflow, "push", "false") == {"changes": True, "test": False, "check": False, "deploy": True}
    assert _runs(workflow, "push", "true") == {"changes": True, "test": True, "check": False, "deploy": True}
    assert _runs(workflow, "schedule", "true")["deploy"]
    for ending in ("failure", "cancelled"):
        assert _runs(workflow, "push", "true", ending)["deploy"] is False, ending
    assert _runs(workflow, "push", None) == {"changes": True, "test": False, "check": False, "deploy": False}
    assert _runs(workflow, "push", "false", cancelled=True)["deploy"] is False
    # pull requests: content only is validated without a browser; nothing deploys
    assert _runs(workflow, "pull_request", "false") == {"changes": True, "test": False, "check": True, "deploy": False}
    assert _runs(workflow, "pull_request", "true") == {"changes": True, "test": True, "check": False, "deploy": False}
    _step(jobs["check"], run="make check")
    assert "container" not in jobs["check"] and "apt-get" not in str(jobs["check"])


def test_no_expression_inside_a_script():
    # event data reaches a script only through env: nothing to inject
    for job_id, job in _site()["jobs"].items():
        for step in job["steps"]:
            assert "${{" not in step.get("run", ""), (job_id, step.get("name"))


def _changes_script() -> str:
    return _step(_site()["jobs"]["changes"], run="GITHUB_OUTPUT")[1]["run"]


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t"}
    env["GIT_COMMITTER_EMAIL"] = "t@t"
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout.strip()


@pytest.mark.skipif(not shutil.which("git") or not shutil.which("bash"), reason="needs git and bash")
def test_the_changes_script_tells_content_from_code(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q")
    for name in ("content/alerts/a.md", "plugins/p.py"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text("1\n")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "first")
    first = _git(repo, "rev-parse", "HEAD")
    (repo / "content" / "alerts" / "b.md").write_text("new alert\n")
    (repo / "content" / "alerts" / "a.md").unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "content only")
    content = _git(repo, "rev-parse", "HEAD")
    (repo / "plugins" / "p.py").write_text("2\n")
    _git(repo, "commit", "-qam", "code")
    code_commit = _git(repo, "rev-parse", "HEAD")
    script = _changes_script()

    def code(event: str, head: str, *, base: str = "", before: str = "") -> str:
        _git(repo, "checkout", "-q", head)
        output = tmp_path / "output"
        output.write_text("")
        env = {**os.environ, "EVENT": event, "PR_BASE": base, "BEFORE": before, "GITHUB_OUTPUT": str(output)}
        run = subprocess.run(["bash", "-e", "-c", script], cwd=repo, env=env, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        return dict(line.split("=", 1) for line in output.read_text().splitlines())["code"]

    assert code("push", content, before=first) == "false"
    assert code("pull_request", content, base=first) == "false"
    assert code("push", content, before=content) == "false"  # nothing changed
    assert code("push", code_commit, before=content) == "true"
    assert code("push", code_commit, before=first) == "true"  # several commits, one of them code
    assert code("pull_request", code_commit, base=first) == "true"
    assert code("push", content, before="0" * 40) == "true"  # a first push
    assert code("push", content, before="f" * 40) == "true"  # a base we do not have (force push)
    assert code("push", content, before="$(touch pwned)") == "true"
    assert not (repo / "pwned").exists()
    assert code("schedule", content) == "true"
    assert code("workflow_dispatch", content) == "true"


def test_deploy_restores_its_venv_and_the_last_build_and_installs_nothing_with_apt():
    deploy = _site()["jobs"]["deploy"]
    assert "container" not in deploy
    assert "apt-get" not in SITE.read_text(encoding="utf-8").split("\n  deploy:")[1]
    assert not [s for s in deploy["steps"] if "apt" in s.get("run", "")]
    publish, _ = _step(deploy, run="make publish")

    # .venv: keyed on the Python and requirements.txt; a hit is not reinstalled
    at, venv = _step(deploy, uses="actions/cache@", path=".venv")
    assert at < publish and venv["uses"] == CACHE
    assert "hashFiles('requirements.txt')" in venv["with"]["key"]
    assert "steps.python.outputs.python-version" in venv["with"]["key"]
    touch, stamp = _step(deploy, run="touch .venv/.ready")
    assert at < touch < publish and stamp["if"] == f"steps.{venv['id']}.outputs.cache-hit == 'true'"

    # the build cache and the previous output, at the paths reuse.py reads them from
    at, build = _step(deploy, uses="actions/cache@", path="output")
    assert at < publish and build["uses"] == CACHE
    assert set(build["with"]["path"].split()) == {".cache", "output"}
    key, restore = build["with"]["key"], build["with"]["restore-keys"].strip()
    files = {f.strip(" '") for f in CODE_HASH.search(key)["files"].split(",")}
    assert {"plugins/**", "theme/**", "data/**", "pelicanconf.py", "publishconf.py", "requirements.txt"} <= files
    assert not any(f.startswith("content") for f in files)  # new content reuses the last build
    assert key.endswith("-${{ github.run_id }}-${{ github.run_attempt }}")  # every deploy saves its own
    assert "\n" not in restore and key.startswith(restore) and restore.endswith("-")
    assert "run_id" not in restore and CODE_HASH.search(restore)


def test_a_restored_venv_is_not_reinstalled(tmp_path):
    # checkout gives requirements.txt a newer mtime than the cached stamp: the touch step is what keeps it
    if not shutil.which("make"):
        pytest.skip("needs make")
    shutil.copy(REPO / "Makefile", tmp_path / "Makefile")
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / ".ready").write_text("")
    os.utime(tmp_path / ".venv" / ".ready", (1_000_000_000, 1_000_000_000))  # as restored from the cache
    (tmp_path / "requirements.txt").write_text("pelican\n")  # as checked out: now

    def planned() -> str:
        return subprocess.run(["make", "-n", "publish"], cwd=tmp_path, capture_output=True, text=True).stdout

    assert "pip install" in planned()
    os.utime(tmp_path / ".venv" / ".ready")
    assert "pip install" not in planned() and "pelican" in planned()


def test_the_deploy_warns_before_the_pages_limit():
    deploy = _site()["jobs"]["deploy"]
    publish, _ = _step(deploy, run="make publish")
    at, size = _step(deploy, run="tools/site_size.py output")
    upload, _ = _step(deploy, uses="actions/upload-pages-artifact@")
    assert publish < at < upload
    assert re.search(r"--warn-mb 900\b", size["run"]) and "--github" in size["run"]
    assert '--summary "$GITHUB_STEP_SUMMARY"' in size["run"]
    assert "--fail-mb" not in size["run"]  # Pages decides; we only warn
    assert (REPO / "tools" / "site_size.py").is_file()


def test_the_deploy_keeps_what_it_had():
    workflow = _site()
    triggers = workflow[True]  # YAML 1.1 reads `on` as true
    assert triggers["schedule"] and "workflow_dispatch" in triggers and triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"} and workflow["concurrency"]["cancel-in-progress"]
    deploy = workflow["jobs"]["deploy"]
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    _step(deploy, run="make ping PREVIOUS=previous-manifest.json")
    _step(deploy, uses="actions/deploy-pages@")
    for job_id, job in workflow["jobs"].items():
        if job_id != "deploy":
            assert "permissions" not in job, job_id  # the workflow's read-only default
