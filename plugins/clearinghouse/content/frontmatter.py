"""Split a content file into YAML front matter and Markdown body, safely.

The YAML is composed (never constructed; by libyaml when PyYAML has it)
with a loader that knows no implicit types but null: every plain scalar
stays the text the editor typed, so YAML 1.1 traps cannot fire (`country:
NO` stays "NO", `lang: no` stays "no", `08` stays "08"), and the typed
fields decide what a value means. Any tag other than YAML's standard ones
(`!!python/object`, `!custom`) is reported, never executed. Every value
remembers its line for the report.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from clearinghouse.content.problems import Problems

_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_NULL = f"{_STANDARD}null"
_MAX_NODES = 20_000  # aliases can multiply a small file into a huge value
_YAML_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # what YAML marks count as lines


def _text_only(base: type) -> type:
    """`base` (a safe loader) with null as its only implicit type."""

    class Loader(base):
        pass

    Loader.__name__ = Loader.__qualname__ = f"TextOnly{base.__name__}"
    Loader.yaml_implicit_resolvers = {}
    Loader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    return Loader


# Both compose only: no constructor ever runs. The libyaml one (a C parser and
# composer calling back into the same Python resolver) is about ten times
# faster, and YAML is most of reading a file; the pure-Python one is the
# fallback when PyYAML was built without libyaml. Same nodes, tags and lines;
# only the wording of syntax errors differs.
_PurePythonLoader = _text_only(yaml.SafeLoader)
_TextOnlyLoader = _text_only(yaml.CSafeLoader) if yaml.__with_libyaml__ else _PurePythonLoader


class Text(str):
    """A string that knows the line it came from."""

    line: int


class Mapping(dict):
    """A mapping that knows its line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class Sequence(list):
    """A list that knows its line."""

    line: int


def line_of(value: object, default: int | None = None) -> int | None:
    return getattr(value, "line", default)


@dataclass
class Document:
    """A content file as written: front matter values and the Markdown body."""

    path: Path
    meta: Mapping
    body: str
    body_line: int
    # A digest of the front matter as written: a later version of the file
    # with the same one has the same values, problems and lines, whatever
    # its body (site/kept.py)
    front: str = ""
    stem: str = field(init=False)

    def __post_init__(self) -> None:
        self.stem = self.path.name[: -len(self.path.suffix)] if self.path.suffix else self.path.name


def read_document(path: Path, problems: Problems, raw: bytes | None = None) -> Document | None:
    """Read one file (or parse its bytes, `raw`, already read); on any problem record it and return None."""
    raw = path.read_bytes() if raw is None else raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.add(
            path,
            "",
            "the file is not UTF-8 text; save it as UTF-8",
            line=line,
            found=f"byte 0x{raw[error.start]:02x} at position {error.start}",
            allowed="UTF-8 encoded text",
        )
        return None
    return parse_document(path, text.removeprefix("\ufeff"), problems)


def parse_document(path: Path, text: str, problems: Problems) -> Document | None:
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        problems.add(
            path,
            "",
            "the file must start with a front matter block: a line '---', the fields, a line '---'",
            line=1,
            found=lines[0].rstrip("\r\n") if lines else "an empty file",
        )
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n") in ("---", "...")), None)
    if end is None:
        problems.add(path, "", "the front matter block is never closed by a line '---'", line=1)
        return None
    yaml_text = "".join(lines[1:end])
    meta = _compose(path, yaml_text, problems, first_line=2)
    if meta is None:
        return None
    body = "".join(lines[end + 1 :])
    return Document(path=path, meta=meta, body=body, body_line=end + 2, front=_front_digest(yaml_text))


def _front_digest(yaml_text: str) -> str:
    return hashlib.blake2b(yaml_text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _compose(path: Path, text: str, problems: Problems, first_line: int) -> Mapping | None:
    try:
        node = yaml.compose(text, Loader=_TextOnlyLoader)
    except yaml.MarkedYAMLError as error:
        # libyaml's wording names no character or alias ("found character that
        # cannot start any token"), so the line itself is shown as found
        mark = error.problem_mark or error.context_mark
        line = mark.line if mark else 0
        source = _YAML_LINE_BREAK.split(text)
        shown = source[line].rstrip() if line < len(source) else ""
        problems.add(
            path,
            "",
            f"the front matter is not valid YAML: {error.problem or error.context}",
            line=line + first_line,
            found=shown or "the end of the front matter",
        )
        return None
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        where = text.find(chr(error.character)) if isinstance(error.character, int) else -1
        problems.add(
            path,
            "",
            f"the front matter is not valid YAML: {error.reason}",
            line=len(_YAML_LINE_BREAK.findall(text, 0, max(where, 0))) + first_line,
            found=f"the character U+{error.character:04X}" if where >= 0 else None,
        )
        return None
    except yaml.YAMLError as error:
        problems.add(path, "", f"the front matter is not valid YAML: {error}", line=first_line)
        return None
    if node is None:
        return _located(Mapping(), first_line)
    if not isinstance(node, yaml.MappingNode):
        problems.add(
            path,
            "",
            "the front matter must be a list of 'field: value' lines",
            line=node.start_mark.line + first_line,
        )
        return None
    converter = _Converter(path, problems, first_line)
    value = converter.convert(node, "")
    return value if converter.ok else None


def _located(value, line):
    value.line = line
    return value


class _Converter:
    """Turn composed YAML nodes into Text / Mapping / Sequence / None."""

    def __init__(self, path: Path, problems: Problems, first_line: int) -> None:
        self.path = path
        self.problems = problems
        self.first_line = first_line
        self.nodes = 0
        self.ok = True
        self.open: set[int] = set()  # collections being converted: an alias back to one is a loop

    def fail(self, node: yaml.Node, field: str, message: str, **kwargs) -> None:
        self.ok = False
        self.problems.add(self.path, field, message, line=self.line(node), **kwargs)

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.first_line

    def convert(self, node: yaml.Node, field: str):
        self.nodes += 1
        if self.nodes > _MAX_NODES:
            if self.nodes == _MAX_NODES + 1:
                self.fail(node, field, "the front matter is too large (too many values or aliases)")
            return None
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode):
            if tag not in _SCALAR_TAGS:
                return self._bad_tag(node, field)
            # plain style is None from PyYAML's composer, "" from libyaml's
            if tag == _NULL and not node.style:
                return None
            return _located(Text(node.value), self.line(node))
        if id(node) in self.open:
            self.fail(node, field, "a value contains itself (an alias inside its own anchor); write the value out")
            return None
        self.open.add(id(node))
        try:
            return self._collection(node, field, tag)
        finally:
            self.open.discard(id(node))

    def _collection(self, node: yaml.Node, field: str, tag: str):
        if isinstance(node, yaml.SequenceNode):
            if tag != f"{_STANDARD}seq":
                return self._bad_tag(node, field)
            items = [self.convert(item, f"{field}[{i + 1}]") for i, item in enumerate(node.value)]
            return _located(Sequence(items), self.line(node))
        if tag != f"{_STANDARD}map":
            return self._bad_tag(node, field)
        return self._mapping(node, field)

    def _mapping(self, node: yaml.MappingNode, field: str) -> Mapping:
        result = _located(Mapping(), self.line(node))
        result.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                self.fail(key_node, field, "a field name must be plain text")
                continue
            key = key_node.value
            name = f"{field}.{key}" if field else key
            if key in result.key_lines:
                self.fail(
                    key_node,
                    name,
                    f"the field is given twice (first on line {result.key_lines[key]})",
                )
                continue
            result.key_lines[key] = self.line(key_node)
            result[key] = self.convert(value_node, name)
        return result

    def _bad_tag(self, node: yaml.Node, field: str) -> None:
        self.fail(
            node,
            field,
            "YAML tags are not allowed: they can run code or hide a value's meaning",
            found=node.tag,
            allowed="plain values, lists and mappings (remove the '!' tag)",
        )
        return None
