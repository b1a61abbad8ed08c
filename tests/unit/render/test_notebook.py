"""Notebook parameters are checked before a run: an unknown name or a wrong type fails, naming it."""
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from conftest import ROOT

from pipeline.render import notebook as rendering
from pipeline.render.notebook import NOTEBOOKS, ParameterError, check_parameters, execute


@pytest.fixture
def notebook(tmp_path):
    parameters = new_code_cell('year = 2023\nunit = "so-tu-phap"\nshare = 0.5\n', metadata={"tags": ["parameters"]})
    path = tmp_path / "unit-report.ipynb"
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(new_notebook(cells=[parameters, new_code_cell("year + 1")], metadata=kernel), path)
    return path


def test_declared_parameters_of_the_right_type_pass(notebook):
    check_parameters(notebook, {"year": 2024, "unit": "so-y-te", "share": 1})  # an int is a fine float


def test_an_unknown_parameter_is_named_with_the_known_ones(notebook):
    with pytest.raises(ParameterError) as error:
        check_parameters(notebook, {"yaer": 2024})
    assert str(error.value) == ("tham số 'yaer' không có trong ô parameters của unit-report.ipynb "
                                "(có: share, unit, year)")


def test_a_wrong_type_is_named_with_the_expected_type(notebook):
    with pytest.raises(ParameterError) as error:
        check_parameters(notebook, {"year": "2024", "unit": True})
    assert "tham số 'year' của unit-report.ipynb phải là int, nhận str ('2024')" in str(error.value)
    assert "tham số 'unit' của unit-report.ipynb phải là str, nhận bool (True)" in str(error.value)


def test_execute_checks_before_starting_a_kernel(notebook):
    with pytest.raises(ParameterError, match="yaer"):
        execute(notebook, {"yaer": 2024})


def test_a_process_that_runs_notebooks_does_not_compile_the_iri_grammars():
    """The command line and the build's workers import nbformat (through build.export, the runner, papermill)
    without rfc3987-syntax's grammars, a second or two of CPU each, and nbformat still validates a notebook."""
    code = ("import sys, pipeline.__main__, pipeline.build.runner, nbformat\n"
            "nbformat.validate(nbformat.read(sys.argv[1], as_version=4))\n"
            "print(sys.modules.get('rfc3987_syntax', 'absent'))")
    result = subprocess.run([sys.executable, "-c", code, str(NOTEBOOKS / "unit-report.ipynb")],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() in ("None", "absent")


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("**/*.ipynb")), ids=lambda p: p.name)
def test_every_shipped_notebook_types_its_parameters(path):
    """`papermill --help-notebook` shows a type for every parameter (annotations: `year: int = 2023`), and the
    build's check reads the same types."""
    import papermill as pm

    found = pm.inspect_notebook(str(path))
    assert found and all(p["inferred_type_name"] in ("int", "str") for p in found.values()), found
    assert all(p["help"] for p in found.values())  # what each one is, printed beside it
    assert rendering.declared_parameters(path) == {n: p["inferred_type_name"] for n, p in found.items()}


def test_a_consumed_notebook_is_written_as_nbformat_writes_it():
    """The build writes each executed notebook without nbformat's deep copy (notebook_bytes(consume=True)): the
    bytes must be nbformat's own, multi-line sources, text and rich outputs included."""
    from nbformat.v4 import new_markdown_cell, new_output

    def made():
        cell = new_code_cell("x = 1\nprint('a\\nb')\nx", execution_count=1, outputs=[
            new_output("stream", name="stdout", text="a\nb\n"),
            new_output("display_data", data={"text/html": "<b>\nĐậm</b>\n", "text/plain": "x\ny",
                                             "application/json": {"a": [1, 2]}, "image/png": "iVBORw0KGgo=\n"},
                       metadata={}),
            new_output("execute_result", data={"text/plain": "1"}, execution_count=1)])
        cell.id = "c1"  # fixed: each made notebook has the same bytes
        return new_notebook(cells=[new_markdown_cell("# Tiêu đề\ndòng hai", id="c0"), cell],
                            metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}})

    expected = (nbformat.v4.writes(made()) + "\n").encode("utf-8")
    assert rendering.notebook_bytes(made()) == expected
    assert rendering.notebook_bytes(made(), consume=True) == expected
    assert b'"a\\n",' in expected and "Đậm".encode() in expected  # lines split, text as UTF-8
