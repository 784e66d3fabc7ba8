"""GEXF 1.2 in dynamic mode, written as the graph is read: each node's and edge's validity interval is its
start/end, so Gephi's timeline replays the law's evolution. GEXF reserves an edge's `type`
(directed/undirected), so the relation travels as `relation`; `valid_from`/`valid_to` travel as GEXF
start/end, labels as GEXF labels, edge keys as `networkx_key` (what networkx reads back)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from lextrack.graph.exporters.document import write_document, xml_attr
from lextrack.graph.exporters.source import Schema, Source

_TYPES = {bool: "boolean", int: "integer", float: "double"}
_ON_ELEMENT = {
    "label": "label",
    "valid_from": "start",
    "valid_to": "end",
}  # element attributes, not attvalues


class _Gexf:
    def head(self, node_keys: Schema, edge_keys: Schema) -> str:
        edge_keys = {("relation" if k == "type" else k): t for k, t in edge_keys.items()} | {
            "networkx_key": str
        }
        out = [
            "<?xml version='1.0' encoding='utf-8'?>\n"
            '<gexf xmlns="http://www.gexf.net/1.2draft" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n<meta><creator>lextrack</creator></meta>\n'
            '<graph defaultedgetype="directed" mode="dynamic" name="" timeformat="date">\n'
        ]
        for scope, schema in (("node", node_keys), ("edge", edge_keys)):
            out.append(f'<attributes mode="static" class="{scope}">\n')
            for name, kind in schema.items():
                if name not in _ON_ELEMENT:
                    out.append(
                        f'<attribute id="{xml_attr(name)}" title="{xml_attr(name)}" '
                        f'type="{_TYPES.get(kind, "string")}"/>\n'
                    )
            out.append("</attributes>\n")
        out.append("<nodes>\n")
        return "".join(out)

    def node(self, node: str, attrs: dict[str, object]) -> str:
        label = attrs.get("label", node)
        return (
            f'<node id="{xml_attr(node)}" label="{xml_attr(label)}"{_times(attrs)}>{_values(attrs)}</node>\n'
        )

    def middle(self) -> str:
        return "</nodes>\n<edges>\n"

    def edge(self, u: str, v: str, key: str, attrs: dict[str, object], n: int) -> str:
        values = {("relation" if k == "type" else k): x for k, x in attrs.items()} | {"networkx_key": key}
        label = f' label="{xml_attr(attrs["label"])}"' if "label" in attrs else ""
        return (
            f'<edge source="{xml_attr(u)}" target="{xml_attr(v)}" id="{n}"{label}{_times(attrs)}>'
            f"{_values(values)}</edge>\n"
        )

    def tail(self) -> str:
        return "</edges>\n</graph>\n</gexf>\n"


def _times(attrs: dict[str, object]) -> str:
    return "".join(
        f' {_ON_ELEMENT[k]}="{xml_attr(attrs[k])}"' for k in ("valid_from", "valid_to") if k in attrs
    )


def _values(attrs: dict[str, object]) -> str:
    values = [
        f'<attvalue for="{xml_attr(k)}" value="{xml_attr(v)}"/>'
        for k, v in attrs.items()
        if k not in _ON_ELEMENT
    ]
    return f"<attvalues>{''.join(values)}</attvalues>" if values else ""


def write(source: Source, path: Path) -> list[Path]:
    return write_document(source, path, _Gexf())


def read(path: Path) -> nx.MultiDiGraph:
    raw = nx.read_gexf(path)
    g = nx.MultiDiGraph()
    for node, data in raw.nodes(data=True):
        g.add_node(node, **_from_gexf(data))
    for u, v, key, data in raw.edges(keys=True, data=True):
        attrs = _from_gexf(data)
        attrs.pop("id", None)
        attrs["type"] = attrs.pop("relation")
        g.add_edge(u, v, key=key, **attrs)
    return g


def _from_gexf(data: dict) -> dict:
    out = dict(data)
    for ours, theirs in (("valid_from", "start"), ("valid_to", "end")):
        if theirs in out:
            out[ours] = out.pop(theirs)
    return out
