"""Strongly connected components of the schema reference graph (iterative Tarjan, deterministic order)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def strongly_connected_components(edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Components of the directed graph ``edges`` (node -> successors), each sorted, in a stable order.

    Every node must be a key of ``edges``; successors that are not keys are ignored.
    """
    index_of: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index_of:
            continue
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            node, position = work.pop()
            if position == 0:
                index_of[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            successors = [succ for succ in edges[node] if succ in edges]
            if position < len(successors):
                work.append((node, position + 1))
                succ = successors[position]
                if succ not in index_of:
                    work.append((succ, 0))
                elif succ in on_stack:
                    low[node] = min(low[node], index_of[succ])
                continue
            if low[node] == index_of[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return components
