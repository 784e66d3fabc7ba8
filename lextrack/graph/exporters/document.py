"""One file written as its elements come: a format's pieces (head, each node, each edge, tail) and the driver
that assembles them without holding the document.

Nodes and edges come interleaved (a node the first time an edge names it); most formats want every node
before the first edge, so each kind is spilled to its own temporary file beside the output and the two are
joined at the end. Memory holds one element at a time.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Protocol

from lextrack.graph.exporters.source import Schema, Source


class Document(Protocol):
    def head(self, node_keys: Schema, edge_keys: Schema) -> str: ...
    def node(self, node: str, attrs: dict[str, object]) -> str: ...
    def middle(self) -> str: ...
    def edge(self, u: str, v: str, key: str, attrs: dict[str, object], n: int) -> str: ...
    def tail(self) -> str: ...


def write_document(source: Source, path: Path, doc: Document) -> list[Path]:
    spill = {"dir": path.parent, "mode": "w+", "encoding": "utf-8", "newline": ""}
    with (
        path.open("w", encoding="utf-8", newline="") as out,  # first: a bad path fails before any work
        tempfile.TemporaryFile(**spill) as nodes,  # type: ignore[call-overload]
        tempfile.TemporaryFile(**spill) as edges,  # type: ignore[call-overload]
    ):
        n = 0
        for element in source.elements():
            if len(element) == 2:
                nodes.write(doc.node(*element))
            else:
                edges.write(doc.edge(*element, n))
                n += 1
        out.write(doc.head(source.node_keys, source.edge_keys))
        nodes.seek(0)
        shutil.copyfileobj(nodes, out)
        out.write(doc.middle())
        edges.seek(0)
        shutil.copyfileobj(edges, out)
        out.write(doc.tail())
    return [path]


_CONTROL = {c: " " for c in range(32) if c not in (9, 10, 13)}  # XML 1.0 forbids them, even escaped


def xml_text(value: object) -> str:
    """A value as XML character data (also safe inside a double-quoted attribute)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).translate(_CONTROL)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xml_attr(value: object) -> str:
    """A value inside a double-quoted XML attribute: line breaks and tabs kept as character references."""
    return xml_text(value).replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")
