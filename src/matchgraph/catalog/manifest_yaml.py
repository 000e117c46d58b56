"""Safe YAML reading for manifests: refuse what could make reading expensive or surprising.

The event stream is scanned before any tree is built, so anchors, aliases, explicit tags, extra
documents and deep nesting stop at their first event. The composed tree is then turned into plain
data with the 1-based line of every field path, so later checks can point at the right line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from matchgraph.catalog.manifest_types import MAX_DEPTH, ManifestIssue

# libyaml is much faster; both loaders give the same events, nodes and marks.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()


class ManifestYamlError(Exception):
    """The text is not YAML a manifest may hold: ``line`` (1-based, None when unknown) and ``message``."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class YamlDocument:
    """Plain data read from one YAML document, the line of each field path, and structural problems."""

    data: Any
    lines: dict[str, int]
    issues: list[ManifestIssue]


def read_yaml(text: str, origin: str) -> YamlDocument:
    """Read manifest text as plain data; raise :class:`ManifestYamlError` for anything refused.

    Duplicate and non-text keys do not raise: they are returned as ``issues`` so they are reported
    together with the validation problems.
    """
    problem = _flow_depth_problem(text) or _scan_events(text)
    if problem is not None:
        raise ManifestYamlError(*problem)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:  # pragma: no cover - the scan saw it first
        raise ManifestYamlError(_error_line(exc, text), _yaml_message(exc)) from exc
    lines: dict[str, int] = {"": 1}
    issues: list[ManifestIssue] = []
    data = _node_to_data(root, "", lines, issues, origin)
    return YamlDocument(data, lines, issues)


# Characters after which a "[" or "{" starts a flow collection rather than sitting inside a plain scalar.
_NODE_STARTS = frozenset(" \t\n[{,:")


def _flow_depth_problem(text: str) -> tuple[int | None, str] | None:
    """The project's own limit on flow nesting (``[[[[…]]]]``), checked on the characters in one pass.

    YAML libraries differ in whether and where they cap nesting (libyaml refuses at its own depth,
    the pure-Python scanner recurses), so the limit is enforced here before any of them sees the
    text. Quoted scalars and comments are skipped; a bracket inside a plain scalar (``foo[1]``) does
    not open a collection and is not counted.
    """
    depth = 0
    line = 1
    quote: str | None = None
    previous = "\n"
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        if quote is not None:
            if quote == '"' and ch == "\\":
                i += 2
                continue
            if ch == quote:
                if quote == "'" and i + 1 < n and text[i + 1] == "'":  # '' is an escaped quote
                    i += 2
                    continue
                quote = None
        elif ch == "#" and previous in " \t\n":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'" and previous in _NODE_STARTS:
            quote = ch
        elif ch in "[{":
            if previous not in _NODE_STARTS:
                ch = "x"  # part of a plain scalar: the next bracket does not open a collection either
            else:
                depth += 1
                if depth > MAX_DEPTH:
                    return line, f"the manifest is nested more than {MAX_DEPTH} levels deep"
        elif ch in "]}" and depth > 0:
            depth -= 1
        previous = ch
        i += 1
    return None


def _scan_events(text: str) -> tuple[int | None, str] | None:
    """Walk the YAML event stream once and refuse what a manifest must never contain.

    Runs before any tree is built, so an alias bomb or a deeply nested document stops at its first
    offending event. Returns (line, message) for the first problem, or None.
    """
    loader = None
    depth = documents = 0
    try:
        loader = _Loader(text)  # the pure-Python reader checks characters here already
        while loader.check_event():
            event = loader.get_event()
            line = _mark_line(event.start_mark)
            if isinstance(event, yaml.AliasEvent):
                return line, "YAML aliases (*name) are not allowed in a manifest; write the value out"
            if getattr(event, "anchor", None) is not None:
                return line, "YAML anchors (&name) are not allowed in a manifest; write the value out"
            tag = getattr(event, "tag", None)
            if tag is not None:
                return line, f"explicit YAML tags ({tag}) are not allowed in a manifest"
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    return line, "a manifest holds exactly one YAML document"
            elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return line, f"the manifest is nested more than {MAX_DEPTH} levels deep"
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        return _error_line(exc, text), _yaml_message(exc)
    finally:
        if loader is not None:
            loader.dispose()
    if documents == 0:
        return None, "the manifest is empty"
    return None


def _node_to_data(
    node: yaml.Node | None, path: str, lines: dict[str, int], issues: list[ManifestIssue], origin: str
) -> Any:
    """Turn a composed node into plain data, recording the line of every field path.

    Timestamps stay as their text so dates are checked by one rule; duplicate keys and non-text
    keys are reported (a plain YAML load silently keeps the last duplicate).
    """
    if node is None:
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                issues.append(
                    ManifestIssue(
                        path, _mark_line(key_node.start_mark), "keys must be plain text", "error", origin
                    )
                )
                continue
            key = str(key_node.value)
            child = f"{path}.{key}" if path else key
            key_line = _mark_line(key_node.start_mark) or 1
            if key in out:
                issues.append(ManifestIssue(child, key_line, f"duplicate key {key!r}", "error", origin))
                continue
            lines[child] = key_line
            out[key] = _node_to_data(value_node, child, lines, issues, origin)
        return out
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = []
        for index, item in enumerate(node.value):
            child = f"{path}[{index}]"
            lines[child] = _mark_line(item.start_mark) or 1
            items.append(_node_to_data(item, child, lines, issues, origin))
        return items
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    tag = node.tag
    try:
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return _SCALARS.construct_yaml_bool(node)
        if tag == "tag:yaml.org,2002:int":
            return _SCALARS.construct_yaml_int(node)
        if tag == "tag:yaml.org,2002:float":
            return _SCALARS.construct_yaml_float(node)
    except (ValueError, KeyError, OverflowError):  # e.g. an integer with too many digits
        pass
    return str(node.value)


def _mark_line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def _error_line(exc: BaseException, text: str) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if mark is not None:
        return _mark_line(mark)
    position = getattr(exc, "position", None)
    if isinstance(position, int) and 0 <= position <= len(text):
        return text.count("\n", 0, position) + 1
    return None


def _yaml_message(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return f"the manifest is nested more than {MAX_DEPTH} levels deep"
    if isinstance(exc, yaml.MarkedYAMLError):
        parts = [p for p in (exc.context, exc.problem) if p]
        return "invalid YAML: " + ("; ".join(parts) if parts else "syntax error")
    if isinstance(exc, yaml.reader.ReaderError):
        character = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        return f"invalid YAML: unacceptable character {character}: {exc.reason}"
    return f"invalid YAML: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"
