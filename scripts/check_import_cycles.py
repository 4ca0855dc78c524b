"""Fail when modules inside ``chanx`` import each other in a cycle.

Imports made only for type checking are left out (they never run). Imports inside functions
count: they run on first call, and a cycle through them still ties the modules together.
Usage: ``uv run python scripts/check_import_cycles.py`` (run by ``.ci/run``).
"""

import sys

import grimp


def cycles(package: str = "chanx") -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan), sorted."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=True, cache_dir=None)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        # Iterative depth-first search: (module, position in its edge list).
        work: list[tuple[str, int]] = [(root, 0)]
        while work:
            module, position = work.pop()
            if position == 0:
                index[module] = low[module] = counter
                counter += 1
                stack.append(module)
                on_stack.add(module)
            targets = edges.get(module, [])
            if position < len(targets):
                work.append((module, position + 1))
                target = targets[position]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[module] = min(low[module], index[target])
                continue
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return sorted(found)


def main() -> int:
    found = cycles(sys.argv[1] if len(sys.argv) > 1 else "chanx")
    for group in found:
        print("Import cycle: " + " <-> ".join(group))
    if not found:
        print("No import cycles.")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
