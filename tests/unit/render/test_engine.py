"""The in-process engine (render.engine): a notebook's cells run in this process's IPython shell, with the outputs a
kernel would give. (Every report notebook against a kernel: tests/test_context_only.py.)"""
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from pipeline.render import engine
from pipeline.render.notebook import NotebookFailed, execute, notebook_bytes

KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
PRINTS_AND_DISPLAYS = [
    new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
    new_markdown_cell("# Một tiêu đề"),
    new_code_cell('from IPython.display import Markdown, display\nimport sys\n'
                  'print("một")\ndisplay(Markdown("hai"))\nprint("ba", end="")\nprint(" và bốn")\n'
                  'display(Markdown("năm"))'),
    new_code_cell('import pandas as pd\ndisplay(pd.DataFrame({"a": [1, 2]}))\n{"x": x, "t": (1, 2.5)}'),
    new_code_cell("y = x * 2;"),  # a trailing semicolon: no result shown
]


def notebook(tmp_path, cells, name="so-tay.ipynb"):
    path = tmp_path / name
    nbformat.write(new_notebook(cells=cells, metadata=KERNEL), path)
    return path


def shown(cell):
    return [(o.output_type, o.get("text") or o["data"].get("text/markdown") or o["data"]["text/plain"])
            for o in cell.outputs]


def test_outputs_come_in_order_with_printed_text_joined_as_a_kernel_sends_it(tmp_path):
    before = sys.stdout, sys.stderr, sys.modules["__main__"]
    nb = execute(notebook(tmp_path, PRINTS_AND_DISPLAYS), {"x": 2}, cwd=tmp_path, in_process=True)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert shown(code[2]) == [("stream", "một\n"), ("display_data", "hai"), ("stream", "ba và bốn\n"),
                              ("display_data", "năm")]
    frame, result = code[3].outputs
    assert frame.output_type == "display_data" and "<table" in frame.data["text/html"]
    assert result.output_type == "execute_result" and result.data["text/plain"] == "{'x': 2, 't': (1, 2.5)}"
    assert code[4].outputs == []
    assert [c.execution_count for c in code] == [1, 2, 3, 4, 5]
    assert (sys.stdout, sys.stderr, sys.modules["__main__"]) == before  # the process's own, given back


def test_a_failing_cell_stops_the_notebook_and_keeps_what_ran(tmp_path):
    cells = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
             new_code_cell('print("trước")\n1 / x'), new_code_cell('print("không chạy")')]
    with pytest.raises(NotebookFailed, match=r"ô thứ 3: ZeroDivisionError: division by zero") as failed:
        execute(notebook(tmp_path, cells), {"x": 0}, cwd=tmp_path, in_process=True)
    ran = [c for c in failed.value.partial.cells if c.cell_type == "code"]
    assert [o.output_type for o in ran[2].outputs] == ["stream", "error"]
    assert ran[2].outputs[1].ename == "ZeroDivisionError"
    assert ran[3].outputs == []


def test_each_notebook_starts_from_an_empty_namespace(tmp_path):
    first = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("leftover = x")]
    second = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("leftover")]
    execute(notebook(tmp_path, first, "a.ipynb"), {}, cwd=tmp_path, in_process=True)
    with pytest.raises(NotebookFailed, match="NameError"):
        execute(notebook(tmp_path, second, "b.ipynb"), {}, cwd=tmp_path, in_process=True)


@pytest.mark.slow  # starts a kernel
def test_it_gives_the_notebook_a_kernel_gives(tmp_path):
    path = notebook(tmp_path, PRINTS_AND_DISPLAYS)
    in_process = execute(path, {"x": 3}, cwd=tmp_path, in_process=True)
    assert in_process.metadata.language_info == engine.LANGUAGE_INFO
    assert notebook_bytes(in_process) == notebook_bytes(execute(path, {"x": 3}, cwd=tmp_path))


def test_ctrl_c_in_a_cell_stops_the_run_rather_than_failing_the_cell(tmp_path):
    cells = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}), new_code_cell("raise KeyboardInterrupt")]
    with pytest.raises(KeyboardInterrupt):
        execute(notebook(tmp_path, cells), {}, cwd=tmp_path, in_process=True)
