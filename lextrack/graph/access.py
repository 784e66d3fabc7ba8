"""What the questions ask of a graph, whichever holds it: a built networkx graph or the index itself.

lextrack.graph.queries is written once against `GraphAccess`; `NxAccess` answers from a MultiDiGraph (the
whole-graph paths), lextrack.graph.local.IndexGraph from indexed SQL around the nodes asked about. Both give
each node's edges in the order the graph was built in (by source, target, type, then the merge of each
edge's rows), so that sorted answers tie-break the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from lextrack.graph.edges import Edge

if TYPE_CHECKING:
    import networkx as nx


class GraphAccess(Protocol):
    def has(self, node: str) -> bool: ...
    def data(self, node: str) -> dict[str, object]: ...
    def out_edges(self, node: str) -> list[Edge]: ...
    def in_edges(self, node: str) -> list[Edge]:
        """Edges into `node`; an index walk leaves out the part_of edges into a code (no question needs
        every article of a code)."""
        ...

    def articles_numbered(self, num: str) -> list[str]:
        """Article nodes whose number is `num`, sorted."""
        ...


class NxAccess:
    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def has(self, node: str) -> bool:
        return node in self.graph

    def data(self, node: str) -> dict[str, object]:
        return self.graph.nodes[node]

    def out_edges(self, node: str) -> list[Edge]:
        return list(self.graph.out_edges(node, keys=True, data=True))

    def in_edges(self, node: str) -> list[Edge]:
        return list(self.graph.in_edges(node, keys=True, data=True))

    def articles_numbered(self, num: str) -> list[str]:
        return sorted(
            n for n, d in self.graph.nodes(data=True) if d.get("kind") == "article" and d.get("num") == num
        )


def access(graph: Any) -> GraphAccess:
    """A GraphAccess as is; a MultiDiGraph wrapped (networkx is not imported for the index's walks)."""
    return graph if hasattr(graph, "articles_numbered") else NxAccess(graph)
