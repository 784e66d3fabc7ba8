"""GraphML for Gephi, Cytoscape and yEd, written as the graph is read. Edge keys become GraphML edge ids (as
networkx writes them); each attribute is declared once per element kind, its key id prefixed n. or e."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from lextrack.graph.exporters.document import write_document, xml_attr, xml_text
from lextrack.graph.exporters.source import Schema, Source

_TYPES = {bool: "boolean", int: "long", float: "double"}


class _GraphML:
    def head(self, node_keys: Schema, edge_keys: Schema) -> str:
        keys = [
            f'<key id="{prefix}.{xml_attr(name)}" for="{scope}" attr.name="{xml_attr(name)}" '
            f'attr.type="{_TYPES.get(kind, "string")}"/>\n'
            for prefix, scope, schema in (("n", "node", node_keys), ("e", "edge", edge_keys))
            for name, kind in schema.items()
        ]
        return (
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
            + "".join(keys)
            + '<graph edgedefault="directed">\n'
        )

    def node(self, node: str, attrs: dict[str, object]) -> str:
        return f'<node id="{xml_attr(node)}">{_data("n", attrs)}</node>\n'

    def middle(self) -> str:
        return ""

    def edge(self, u: str, v: str, key: str, attrs: dict[str, object], n: int) -> str:
        ends = f'source="{xml_attr(u)}" target="{xml_attr(v)}" id="{xml_attr(key)}"'
        return f"<edge {ends}>{_data('e', attrs)}</edge>\n"

    def tail(self) -> str:
        return "</graph>\n</graphml>\n"


def _data(prefix: str, attrs: dict[str, object]) -> str:
    return "".join(f'<data key="{prefix}.{xml_attr(k)}">{xml_text(v)}</data>' for k, v in attrs.items())


def write(source: Source, path: Path) -> list[Path]:
    return write_document(source, path, _GraphML())


def read(path: Path) -> nx.MultiDiGraph:
    return nx.MultiDiGraph(nx.read_graphml(path, force_multigraph=True))
