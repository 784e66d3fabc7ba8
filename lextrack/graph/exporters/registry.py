"""One writer and one reader per format, all with the same signatures.

write(source, path) -> list of files written, each written as the source streams its elements (a built graph,
or the index itself: lextrack.graph.exporters.source); read(path) -> MultiDiGraph with the same nodes, edge
keys and attributes (the round trip the tests check).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import networkx as nx

from lextrack.errors import UsageError
from lextrack.graph.exporters import csv_neo4j, dot, gexf, graphml, json_nodelink
from lextrack.graph.exporters.source import NxSource, Source

Writer = Callable[[Source, Path], list[Path]]
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


def export(graph: nx.MultiDiGraph | Source, fmt: str, path: Path) -> list[Path]:
    """Write a built graph, or a source streaming one (the index's: see the CLI), in `fmt`."""
    source = NxSource(graph) if isinstance(graph, nx.MultiDiGraph) else graph
    return _get(fmt)[0](source, Path(path))


def read(fmt: str, path: Path) -> nx.MultiDiGraph:
    return _get(fmt)[1](Path(path))
