"""The package's folders are the stages of the flow, and imports point one way (README: module map)."""
from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "pipeline"
BOTTOM = {"config", "contract", "errors", "files", "text"}
# Layer → the layers it may import. build is on top (only the command line imports it); render
# stands alone; the sample generator uses nothing of what reports are made of.
ALLOWED = {
    "bottom": {"bottom"},
    "ingest": {"bottom", "ingest"},
    "report": {"bottom", "ingest", "report"},
    "render": {"bottom", "render"},
    "build": {"bottom", "ingest", "report", "render", "build"},
    # forms: the start of the year's cycle (scoring forms, appraisal workbooks, return lists); it reads the
    # framework, units and returned sheets through ingest and nothing of the reports.
    "forms": {"bottom", "ingest", "forms"},
    "sample": {"bottom", "sample"},
    "front": {"bottom", "ingest", "report", "render", "build", "sample", "forms", "front"},
}
# Imports placed inside functions on purpose (each says why where it stands).
DEFERRED: set[tuple[str, str]] = {
    # The writers (nbconvert, Typst, python-docx) are imported where documents are written, not by every command's
    # start: a third of the start of `report`, whose main process writes none.
    ("pipeline.__main__", "pipeline.build.export"),
    ("pipeline.build.runner", "pipeline.render"),
    ("pipeline.build.runner", "pipeline.render.document"),
    # The forms stage by its own commands (forms, check): a report's run, on one core until its workers start,
    # does not import it.
    ("pipeline.__main__", "pipeline.forms.returns"),
    ("pipeline.__main__", "pipeline.forms.year"),
}


def layer(module: str) -> str:
    """'pipeline.ingest.sheets' → 'ingest'; 'pipeline.contract' → 'bottom'; 'pipeline' → 'front'."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in {"__init__", "__main__"}:
        return "front"
    return "bottom" if parts[0] in BOTTOM else parts[0]


def module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> list[tuple[str, bool]]:
    """(absolute module imported from the package, inside a function?) for every import of a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rsplit(".", 1)[0]
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    local = {id(n) for f in functions for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = [target] if node.module else [f"{target}.{a.name}" for a in node.names]
            found += [(n, id(node) in local) for n in names if n.split(".")[0] == "pipeline"]
        elif isinstance(node, ast.Import):
            found += [(a.name, id(node) in local) for a in node.names if a.name.split(".")[0] == "pipeline"]
    return found


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_imports_point_one_way():
    wrong = []
    for path in modules():
        source = layer(module_name(path) + (".__init__" if path.name == "__init__.py" and path.parent == PACKAGE
                                            else ""))
        for target, _ in imports(path):
            if layer(target) not in ALLOWED[source]:
                wrong.append(f"{module_name(path)} ({source}) imports {target} ({layer(target)})")
    assert wrong == []


def test_imports_of_the_package_are_at_the_top_of_files():
    inside = [(module_name(p), t) for p in modules() for t, local in imports(p) if local]
    assert set(inside) <= DEFERRED, sorted(set(inside) - DEFERRED)


def test_the_layer_rule_can_fail():
    # The checker itself: a report module importing the build stage is caught.
    assert "build" not in ALLOWED[layer("pipeline.report.context")]
    assert layer("pipeline.build.year") == "build" and layer("pipeline.files") == "bottom"


def test_reports_and_the_build_never_read_raw_national_files():
    """National data reaches report/ and build/ through the processed tables that ingest validated under the
    same stamp as the units' tables; no report reads raw/ beside them."""
    offenders = sorted({module_name(path) for path in PACKAGE.rglob("*.py")
                        if layer(module_name(path)) in {"report", "build"}
                        for imported, _ in imports(path) if imported.startswith("pipeline.ingest.national")})
    assert offenders == []
