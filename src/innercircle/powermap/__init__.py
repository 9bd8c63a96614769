"""The power map: what an analyst asks of the store, answered with evidence.

- `queries`: who, circle, changes, timeline (dataclasses with `to_dict()` and `records()`);
- `graph`: the as-of network (networkx) and Cytoscape JSON;
- `analysis`: centrality, brokers, capacity lost per domain, succession candidates;
- `report`: Markdown/HTML reports with figures and numbered citations;
- `export`: GraphML, GEXF, CSV, Cytoscape JSON, FollowTheMoney;
- `sources`: the Admiralty-graded sources file.

Status (killed, arrested, dismissed ...) and tie state are derived from statements at the
asked date, never stored; contradictions are listed side by side. Every function takes a
`Repository`; pass one `access.StoreView` to several calls to share its read cache.
"""

from innercircle.powermap.access import AmbiguousEntity, EntityInfo, EntityNotFound, StoreView
from innercircle.powermap.analysis import brokers, capacity_lost, centrality, succession
from innercircle.powermap.graph import as_of_graph, cytoscape_json
from innercircle.powermap.queries import changes, circle, timeline, who

__all__ = [
    "AmbiguousEntity",
    "EntityInfo",
    "EntityNotFound",
    "StoreView",
    "as_of_graph",
    "brokers",
    "capacity_lost",
    "centrality",
    "changes",
    "circle",
    "cytoscape_json",
    "succession",
    "timeline",
    "who",
]
