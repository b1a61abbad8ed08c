"""Each report notebook prints from its context alone: run against the context it is handed, with no tables
and no dataset.yml to read (the build refuses both while it runs them), it prints what the build published; a notebook
that reads around its context fails."""
from __future__ import annotations

import json

import pytest
from pipeline import contract
from pipeline.build import targets
from pipeline.build.lifecycle import with_status
from pipeline.build.runner import context_only
from pipeline.config import Settings
from pipeline.render.document import blocks_of
from pipeline.render.notebook import NOTEBOOKS, NotebookFailed, execute, notebook_bytes
from pipeline.report.keys import content_key, save_context

pytestmark = pytest.mark.slow


def published_notebook(settings: Settings, target: targets.Target):
    import nbformat
    return nbformat.reads((settings.report_dir / target.files["ipynb"]).read_text(encoding="utf-8"), as_version=4)


@pytest.fixture(scope="module")
def one_of_each(built_2023):
    chosen = {}
    for t in targets.plan(built_2023):
        chosen.setdefault(t.kind, t)
    assert set(chosen) == {contract.UNITS_REPORT, contract.NATIONAL_REPORT, contract.UNIT_REPORT,
                           *contract.PACKS}
    return chosen


@pytest.mark.parametrize("kind", [contract.UNITS_REPORT, contract.NATIONAL_REPORT, contract.UNIT_REPORT,
                                  *contract.PACKS])
def test_notebook_prints_the_published_report_from_its_context_alone(built_2023, one_of_each, tmp_path, kind):
    target = one_of_each[kind]
    ctx = target.context or targets.build_context(built_2023, target)
    assert content_key(ctx) == target.data
    handed = tmp_path / "context.pickle"
    save_context(with_status(ctx, target.status), handed)  # a draft, as the build printed it
    # Folders that do not exist: whatever the notebook reads besides its context, it cannot find.
    params = {**target.params, "data_dir": str(tmp_path / "no-data"), "output_dir": str(tmp_path / "no-output"),
              "context_file": str(handed)}
    with context_only():
        nb = execute(NOTEBOOKS / target.notebook, params, cwd=NOTEBOOKS)
        # The build runs it in its own process (render.engine): the notebook a kernel gives, byte for byte.
        in_process = execute(NOTEBOOKS / target.notebook, params, cwd=NOTEBOOKS, in_process=True)
    assert blocks_of(nb) == blocks_of(published_notebook(built_2023, target))
    assert notebook_bytes(in_process) == notebook_bytes(nb)


def test_a_notebook_that_reads_around_its_context_fails(built_2023, one_of_each, tmp_path):
    target = one_of_each[contract.UNIT_REPORT]
    source = json.loads((NOTEBOOKS / target.notebook).read_text(encoding="utf-8"))
    # A cell that reads the tables itself, as a careless edit of the notebook would.
    source["cells"].insert(2, {"cell_type": "code", "execution_count": None, "id": "around", "metadata": {},
                               "outputs": [], "source": ["from pipeline import load\n",
                                                         "load(year, data_dir).tong_hop"]})
    notebook = tmp_path / target.notebook
    notebook.write_text(json.dumps(source), encoding="utf-8")
    handed = tmp_path / "context.pickle"
    save_context(targets.build_context(built_2023, target), handed)
    params = {**target.params, "context_file": str(handed)}
    with context_only():
        for in_process in (False, True):  # in a kernel, and in the build's own process
            with pytest.raises(NotebookFailed, match="ContextOnly"):
                execute(notebook, params, cwd=NOTEBOOKS, in_process=in_process)
    # Without the guard the same notebook runs: the failure above is the guard's, not the cell's.
    execute(notebook, params, cwd=NOTEBOOKS)

