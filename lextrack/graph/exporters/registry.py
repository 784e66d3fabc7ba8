"""One writer and one reader per format, all with the same signatures.

write(graph, path) -> list of files written; read(path) -> MultiDiGraph with the same nodes, edge keys and
attributes (the round trip the tests check).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from lextrack.errors import UsageError
from lextrack.graph.exporters import csv_neo4j, dot, gexf, graphml, json_nodelink

Writer = Callable[[nx.MultiDiGraph, Path], list[Path]]
Reader = Callable[[Path], nx.MultiDiGraph]

FORMATS: dict[str, tuple[Writer, Reader]] = {  # in the order of FORMAT_NAMES
    "graphml": (graphml.write, graphml.read),
    "gexf": (gexf.write, gexf.read),
    "json": (json_nodelink.write, json_nodelink.read),
    "csv": (csv_neo4j.write, csv_neo4j.read),
    "dot": (dot.write, dot.read),
}


def _get(fmt: str) -> tuple[Writer, Reader]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise UsageError(f"unknown graph format {fmt!r} (expected one of {', '.join(FORMATS)})") from None


def export(graph: nx.MultiDiGraph, fmt: str, path: Path) -> list[Path]:
    return _get(fmt)[0](graph, Path(path))


def read(fmt: str, path: Path) -> nx.MultiDiGraph:
    return _get(fmt)[1](Path(path))
