"""Graphviz DOT (`dot -Tsvg graph.dot`), written as the graph is read, and a reader for the DOT this writer
produces.

Strings are quoted; booleans and numbers are bare, which is how the reader gets their types back. A small
reader rather than pydot: it only has to read our own output, and pyparsing-based readers are slow."""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx

from lextrack.graph.exporters.document import write_document
from lextrack.graph.exporters.source import Schema, Source


class _Dot:
    def head(self, node_keys: Schema, edge_keys: Schema) -> str:
        return "digraph lextrack {\n  node [shape=box];\n"

    def node(self, node: str, attrs: dict[str, object]) -> str:
        return f"  {_quote(node)} [{_attrs(attrs)}];\n"

    def middle(self) -> str:
        return ""

    def edge(self, u: str, v: str, key: str, attrs: dict[str, object], n: int) -> str:
        return f"  {_quote(u)} -> {_quote(v)} [{_attrs({'key': key, **attrs})}];\n"

    def tail(self) -> str:
        return "}\n"


def write(source: Source, path: Path) -> list[Path]:
    return write_document(source, path, _Dot())


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return _quote(str(value))


def _attrs(data: dict) -> str:
    return ", ".join(f"{k}={_value(v)}" for k, v in data.items())


_STR = r'"(?:[^"\\]|\\.)*"'
_TOKEN = re.compile(rf"\s*({_STR}|->|[\[\],;={{}}]|[A-Za-z_0-9.\-]+)")
_ESCAPES = {"\\\\": "\\", '\\"': '"', "\\n": "\n"}


def read(path: Path) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line.startswith('"'):
            continue  # header, defaults, closing brace
        tokens = _tokens(line)
        if len(tokens) > 2 and tokens[1] == "->":
            attrs = _parse_attrs(tokens[4:])
            key = attrs.pop("key")
            g.add_edge(_unquote(tokens[0]), _unquote(tokens[2]), key=key, **attrs)
        else:
            g.add_node(_unquote(tokens[0]), **_parse_attrs(tokens[2:]))
    return g


def _tokens(line: str) -> list[str]:
    out, pos = [], 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        if not m:
            if line[pos:].strip() == "":
                break
            raise ValueError(f"unreadable DOT near {line[pos : pos + 30]!r}")
        out.append(m.group(1))
        pos = m.end()
    return out


def _parse_attrs(tokens: list[str]) -> dict[str, object]:
    attrs: dict[str, object] = {}
    i = 0
    while i + 2 < len(tokens):
        if tokens[i + 1] == "=":
            attrs[tokens[i]] = _parse_value(tokens[i + 2])
            i += 3
        else:
            i += 1
    return attrs


def _parse_value(token: str) -> object:
    if token.startswith('"'):
        return _unquote(token)
    if token in ("true", "false"):
        return token == "true"
    try:
        return int(token)
    except ValueError:
        return float(token)


def _unquote(token: str) -> str:
    return re.sub(r"\\\\|\\\"|\\n", lambda m: _ESCAPES[m.group(0)], token[1:-1])
