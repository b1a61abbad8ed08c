"""The warm engine starts another kernel when one dies before any cell ran (a port race between workers)."""
import pytest

from pipeline.render import engine


class FakeClient:
    """Stands for papermill's client: fails to start `failures` times, then runs."""

    failures = 0
    made = 0

    def __init__(self, nb_man, km=None, **kwargs):
        FakeClient.made += 1
        self.km, self.kc = km, None

    def execute(self, cleanup_kc=False):
        if FakeClient.failures:
            FakeClient.failures -= 1
            raise RuntimeError("Kernel died before replying to kernel_info")
        return "executed"


class Manager:
    nb = None


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setattr(engine, "PapermillNotebookClient", FakeClient)
    monkeypatch.setattr(engine.WarmKernelEngine, "km", None)
    monkeypatch.setattr(engine.WarmKernelEngine, "kc", None)
    FakeClient.made = 0
    return FakeClient


def test_a_kernel_that_dies_while_starting_is_replaced(fake):
    fake.failures = 1
    assert engine.WarmKernelEngine.execute_managed_notebook(Manager(), "python3") == "executed"
    assert fake.made == 2


def test_it_gives_up_after_a_few_attempts(fake):
    fake.failures = engine.START_ATTEMPTS
    with pytest.raises(RuntimeError, match="Kernel died"):
        engine.WarmKernelEngine.execute_managed_notebook(Manager(), "python3")
    assert fake.made == engine.START_ATTEMPTS


@pytest.mark.slow  # starts the command line or a kernel
def test_a_warm_kernel_still_sends_printed_text_in_order_around_displays(tmp_path):
    """Its streams skip the flush wait only when nothing was written (render.kernel_io)."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from pipeline.render.notebook import execute

    cells = [new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
             new_code_cell('from IPython.display import Markdown, display\nimport sys\n'
                           'print("một")\ndisplay(Markdown("hai"))\nprint("ba")\ndisplay(Markdown("bốn"))'),
             new_code_cell('display(Markdown("năm"))\ntype(sys.stdout).__name__')]
    path = tmp_path / "in-ra.ipynb"
    kernel = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nbformat.write(new_notebook(cells=cells, metadata=kernel), path)
    try:
        nb = execute(path, {"x": 2}, cwd=tmp_path, warm=True)
    finally:
        engine.WarmKernelEngine.shutdown()

    def shown(cell):
        return [o.get("text") or o["data"].get("text/markdown") or o["data"]["text/plain"] for o in cell.outputs]
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert shown(code[-2]) == ["một\n", "hai", "ba\n", "bốn"]
    assert shown(code[-1]) == ["năm", "'QuietOutStream'"]
