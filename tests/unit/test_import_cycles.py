"""No module of the app imports itself back through others: a cycle hides which layer owns what,
and breaks as soon as one of its imports moves to the top of a file."""

from __future__ import annotations

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for a, b in (("p.a", "p.b"), ("p.b", "p.c"), ("p.c", "p.a"), ("p.c", "p.d")):
        graph.add_import(importer=a, imported=b)
    assert _cycles(graph) == [["p.a", "p.b", "p.c"]]


def test_no_import_cycle_inside_the_app() -> None:
    # Imports made only for type checking never run, so they cannot form a cycle.
    graph = grimp.build_graph("desktop_app", exclude_type_checking_imports=True)
    assert len(graph.modules) > 100
    assert _cycles(graph) == []


def test_no_sql_in_the_ui_package() -> None:
    """Windows ask the store (store/lookups.py and the rest); import-linter keeps sqlite3 and
    sqlite_utils out of ui, and this keeps SQL text out of it."""
    import re
    from pathlib import Path

    import desktop_app.ui

    sql = re.compile(r"\.execute(many)?\(|\bSELECT\s+\S+.*\bFROM\b|\bINSERT\s+INTO\b")
    ui = Path(desktop_app.ui.__file__).parent
    found = [f"{p.relative_to(ui)}:{n}" for p in sorted(ui.rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if sql.search(line)]  # fmt: skip
    assert found == []


def test_every_transaction_goes_through_the_one_write_helper() -> None:
    """Writers use store.transactions.writing (which keeps the report summary right) and readers
    its snapshot: a bare `atomic(db)` or `.atomic()`, or a hand-made summary refresh elsewhere,
    is the old way."""
    import re
    from pathlib import Path

    import desktop_app

    own = {"store/transactions.py", "store/report_summary.py", "store/connection.py",
           "store/handle.py"}  # fmt: skip
    bare = re.compile(r"\batomic\(|report_summary\.refresh\(")
    root = Path(desktop_app.__file__).parent
    found = [f"{p.relative_to(root)}:{n}" for p in sorted(root.rglob("*.py"))
             if p.relative_to(root).as_posix() not in own
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if bare.search(line)]  # fmt: skip
    assert found == []
