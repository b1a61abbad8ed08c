"""Run a parameterised notebook with papermill, checked and reproducible."""
from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from pathlib import Path

import nbformat
import papermill as pm
from nbformat import NotebookNode
from nbformat.v4.nbjson import BytesEncoder
from nbformat.v4.rwbase import split_lines, strip_transient
from papermill.exceptions import PapermillExecutionError

from . import engine

# The report notebooks: notebooks/ of the repository, or pipeline/notebooks/ of an installed package.
_INSTALLED = Path(__file__).resolve().parents[1] / "notebooks"
NOTEBOOKS = _INSTALLED if _INSTALLED.is_dir() else Path(__file__).resolve().parents[2] / "notebooks"


class ParameterError(ValueError):
    """A parameter the notebook does not declare, or of the wrong type."""


class NotebookFailed(RuntimeError):
    """A notebook cell raised: which cell, the last line of the traceback, and the partial notebook."""

    def __init__(self, notebook: str, cell: int | None, message: str, partial: NotebookNode | None):
        where = f"ô thứ {cell}" if cell is not None else "trước khi chạy"
        super().__init__(f"{notebook}, {where}: {message}")
        self.notebook, self.cell, self.message, self.partial = notebook, cell, message, partial


def declared_parameters(notebook: Path) -> dict[str, str]:
    """Name → inferred type name of the notebook's `parameters` cell (papermill's own inspection)."""
    return dict(_declared(str(notebook), notebook.stat().st_mtime_ns))


@lru_cache(maxsize=16)
def _declared(path: str, mtime_ns: int) -> tuple[tuple[str, str], ...]:
    return tuple((name, _type_name(p)) for name, p in pm.inspect_notebook(path).items())


def _type_name(parameter: dict) -> str:
    """The annotated type (`year: int = 2023`), else the type of the literal default (`year = 2023`)."""
    if parameter["inferred_type_name"] not in ("None", None):
        return parameter["inferred_type_name"]
    try:
        return type(ast.literal_eval(parameter["default"])).__name__
    except (ValueError, SyntaxError):
        return "None"  # a computed default: any type is accepted


_TYPES = {"int": (int,), "str": (str,), "float": (int, float), "bool": (bool,)}


def check_parameters(notebook: Path, params: dict, declared: dict[str, str] | None = None) -> None:
    """Fail before a run when a parameter is unknown to the notebook or has the wrong type."""
    declared = declared if declared is not None else declared_parameters(notebook)
    problems = []
    for name, value in params.items():
        if name not in declared:
            problems.append(f"tham số '{name}' không có trong ô parameters của {notebook.name} "
                            f"(có: {', '.join(sorted(declared))})")
            continue
        wanted = _TYPES.get(declared[name])
        if wanted and not (isinstance(value, wanted) and not (declared[name] == "int" and isinstance(value, bool))):
            problems.append(f"tham số '{name}' của {notebook.name} phải là {declared[name]}, "
                            f"nhận {type(value).__name__} ({value!r})")
    if problems:
        raise ParameterError("; ".join(problems))


def execute(notebook: Path, params: dict, cwd: Path | None = None, in_process: bool = False) -> NotebookNode:
    """Run a parameterised notebook with papermill; strip run times so the output is reproducible.

    Parameters are checked first (ParameterError). in_process=True runs its cells in this process's IPython shell
    (render.engine) instead of a kernel started for it: the executed notebook is the same, cell for cell. A
    failing cell raises NotebookFailed carrying the notebook executed up to that cell.
    """
    check_parameters(notebook, params)
    try:
        nb = pm.execute_notebook(str(notebook), None, parameters=params, progress_bar=False, log_output=False,
                                 cwd=str(cwd) if cwd else None, kernel_name="python3",
                                 engine_name=engine.ENGINE_NAME if in_process else None)
    except PapermillExecutionError as exc:
        partial = clean(engine.InProcessEngine.last) if in_process and engine.InProcessEngine.last else None
        raise NotebookFailed(notebook.name, exc.cell_index + 1, f"{exc.ename}: {exc.evalue}".strip(), partial) from exc
    return clean(nb)


def warm_up(source: str, cwd: Path | None = None) -> None:
    """Run `source` (imports, say) in this process's shell (render.engine), so that the first notebook run there
    does not wait for them."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    pm.execute_notebook(nb, None, progress_bar=False, log_output=False, cwd=str(cwd) if cwd else None,
                        kernel_name="python3", engine_name=engine.ENGINE_NAME)


def clean(nb: NotebookNode) -> NotebookNode:
    """Drop what changes from run to run: papermill's times and paths, execution stamps, cell ids; and the
    machine's folders (the notebooks are published: where the data lives is not)."""
    withhold_paths(nb)
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    count = 0
    for i, cell in enumerate(nb.cells):
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        cell.id = f"c{i}"  # the injected cell gets a random id each run; fixed ids keep outputs identical
        if cell.cell_type == "code":
            # Numbered as a fresh kernel numbers them (whatever ran before in the same shell).
            count += 1
            cell.execution_count = count
            cell.outputs = [o for o in cell.outputs if o.get("name") != "stderr"]
            for output in cell.outputs:
                if "execution_count" in output:
                    output["execution_count"] = count
    return nb


def _is_absolute(value: str) -> bool:
    """A path of this machine or another's: /…, ~/…, C:\\…, \\\\server\\…"""
    return value.startswith(("/", "~", "\\\\")) or bool(re.match(r"[A-Za-z]:[\\/]", value))


def withhold_paths(nb: NotebookNode) -> NotebookNode:
    """The injected parameters that are absolute paths (data_dir, output_dir, context_file: where the data and
    the build cache live) set back to the notebook's own defaults, and every occurrence of them in the outputs
    replaced by the parameter's name in angle brackets: an executed notebook reveals no folder of the machine
    that ran it."""
    defaults: dict[str, object] = {}
    for cell in nb.cells:
        if "parameters" in cell.metadata.get("tags", []):
            defaults = _literal_assignments(cell.source)
    hidden: dict[str, str] = {}
    for cell in nb.cells:
        if "injected-parameters" not in cell.metadata.get("tags", []):
            continue
        lines = cell.source.split("\n")
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name) \
                    and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str) \
                    and _is_absolute(stmt.value.value) and stmt.lineno == stmt.end_lineno:
                name = stmt.targets[0].id
                hidden[name] = stmt.value.value
                default = defaults.get(name, "")
                text = json.dumps(default, ensure_ascii=False) if isinstance(default, str) else repr(default)
                lines[stmt.lineno - 1] = f"{name} = {text}  # the build's path is not published"
        cell.source = "\n".join(lines)
    if not hidden:
        return nb
    # Longest first: context_file lies under output_dir. (A Windows path also as repr() prints it, backslashes
    # doubled, and with forward slashes.)
    pairs = sorted({(form, f"<{name}>") for name, value in hidden.items()
                    for form in (value, value.replace("\\", "\\\\"), value.replace("\\", "/"))},
                   key=lambda p: -len(p[0]))

    def scrub(value):
        if isinstance(value, str):
            for path, name in pairs:
                value = value.replace(path, name)
            return value
        if isinstance(value, list):
            return [scrub(v) for v in value]
        if isinstance(value, dict):
            return type(value)({k: scrub(v) for k, v in value.items()})
        return value

    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [scrub(o) for o in cell.outputs]
    return nb


def _literal_assignments(source: str) -> dict[str, object]:
    """name → value of the literal assignments of a cell (the parameters cell's defaults)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    out = {}
    for stmt in tree.body:
        target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
            stmt.target if isinstance(stmt, ast.AnnAssign) else None
        if isinstance(target, ast.Name) and stmt.value is not None:
            try:
                out[target.id] = ast.literal_eval(stmt.value)
            except ValueError:
                pass
    return out


def notebook_bytes(nb: NotebookNode, consume: bool = False) -> bytes:
    """The .ipynb file, as nbformat writes it (without its schema check: papermill's run made the notebook).

    consume: the notebook is not used afterwards, so it is written as it is instead of from a deep copy (nbformat's
    writer copies it first, a twentieth of a unit report's build): the same bytes, and the notebook is spent."""
    if not consume:
        return (nbformat.v4.writes(nb) + "\n").encode("utf-8")
    text = json.dumps(strip_transient(split_lines(nb)), cls=BytesEncoder, indent=1, sort_keys=True,
                      separators=(",", ": "), ensure_ascii=False)  # nbformat.v4.nbjson.JSONWriter's arguments
    return (text + "\n").encode("utf-8")
