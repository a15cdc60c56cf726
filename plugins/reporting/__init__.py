"""From a member's report to a content file, for people who write no YAML.

Not a Pelican plugin: a plain package that the Makefile runs (`make forms`,
`make from-issue`, `make new`) and the report workflow calls. It writes
files that the content contract accepts, and judges them with the build's
own reading and validation (`clearinghouse.pipeline.load`), so a report is
held to exactly the rules a hand-written file is.

- `choices`: the options a form offers, from `data/` and `content/members/`;
- `form`: the GitHub issue forms, generated from those choices (`make forms`);
- `issue_body`: an issue body as GitHub renders a form, back into values;
- `report`: those values as front matter, with the form's own problems;
- `compose`: front matter written safely, ids and paths;
- `archive`: what the content folder already holds (cases, originals, ids);
- `shadow`: a new file judged with the whole content folder, before it is written;
- `from_issue`, `new`: the two commands.
"""
