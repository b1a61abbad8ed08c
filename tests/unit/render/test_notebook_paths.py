"""Published notebooks reveal no folder of the machine that ran them."""
import nbformat

from pipeline.render.notebook import clean, notebook_bytes


def _notebook(data_dir: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('year = 2023\ndata_dir = "data"\noutput_dir = "output"\ncontext_file = ""')
    params.metadata["tags"] = ["parameters"]
    injected = nbformat.v4.new_code_cell(f'# Parameters\nyear = 2023\ndata_dir = "{data_dir}"\n'
                                         f'output_dir = "/srv/bao-cao"\nunit = "so-a"\n'
                                         f'context_file = "/srv/bao-cao/.cache/2023/contexts/k.pickle"\n')
    injected.metadata["tags"] = ["injected-parameters"]
    body = nbformat.v4.new_code_cell("print(data_dir)")
    body.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": f"'{data_dir}/raw/2023'"},
                                           execution_count=3),
                    nbformat.v4.new_output("stream", name="stdout",
                                           text="/srv/bao-cao/.cache/2023/contexts/k.pickle đã đọc\n")]
    nb.cells = [params, injected, body]
    return nb


def test_absolute_paths_in_parameters_and_outputs_are_withheld():
    nb = clean(_notebook("/mat/so-noi-vu/du-lieu"))
    text = notebook_bytes(nb).decode("utf-8")
    assert "/mat/so-noi-vu" not in text and "/srv/bao-cao" not in text
    injected = nb.cells[1].source.splitlines()
    assert injected[2].startswith('data_dir = "data"') and injected[3].startswith('output_dir = "output"')
    assert injected[4] == 'unit = "so-a"' and injected[5].startswith('context_file = ""')
    assert nb.cells[2].outputs[0]["data"]["text/plain"] == "'<data_dir>/raw/2023'"
    assert nb.cells[2].outputs[1]["text"] == "<context_file> đã đọc\n"


def test_windows_paths_are_withheld_too():
    text = notebook_bytes(clean(_notebook("D:\\\\CCHC\\\\du-lieu"))).decode("utf-8")
    assert "CCHC" not in text
