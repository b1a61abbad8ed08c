"""A papermill engine that runs a notebook's cells in an IPython shell of this process, not in a kernel.

The build runs a province's 146 reports (a country's 3,500) in a few worker processes. A Jupyter kernel per
worker cost each of them a second process, started for two seconds of a short re-run, and every cell's
request, replies and outputs went through ZeroMQ and nbclient: 50 ms of a unit report's 85 ms execution.
Here each cell runs in an IPython `InteractiveShell` (the shell a kernel runs, ipykernel's `ZMQInteractiveShell`
being one), and its displays, result, printed text and error are written into the cell as nbclient writes a
kernel's messages. Parameters are still injected by `papermill.execute_notebook`, and the executed notebook is
the one a kernel gives, byte for byte once cleaned (tests/test_context_only.py compares both on every kind of
report, tests/unit/render/test_engine.py on printed text, displays, results and errors): an analyst who runs a
report by hand with papermill sees what the build published.

Each notebook starts from an empty namespace: what one leaves behind cannot reach the next.
"""
from __future__ import annotations

import io
import json
import sys

import papermill.execute
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from jupyter_client.jsonutil import json_default
from nbformat import NotebookNode
from papermill.engines import Engine, papermill_engines
from traitlets.config import Config

ENGINE_NAME = "in-process"
# What a Python kernel (ipykernel.ipkernel.IPythonKernel.language_info) tells nbclient, which writes it into the
# notebook's metadata: the same here, without importing the kernel (a quarter of a second).
LANGUAGE_INFO = {
    "name": "python", "version": sys.version.split()[0], "mimetype": "text/x-python",
    "codemirror_mode": {"name": "ipython", "version": sys.version_info[0]}, "pygments_lexer": "ipython3",
    "nbconvert_exporter": "python", "file_extension": ".py",
}


def _as_sent(value) -> NotebookNode:
    """A display's data or metadata as a kernel sends it: through JSON (numpy numbers become numbers, tuples
    lists), so that the notebook holds what it would hold from a kernel."""
    return NotebookNode(json.loads(json.dumps(value, default=json_default, ensure_ascii=False, allow_nan=False)))


class _Outputs:
    """The outputs of the cell being run (set by the engine before each cell)."""

    cell: list = []


class _Publisher(DisplayPublisher):
    """display(…): a display_data output."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        _Outputs.cell.append(NotebookNode(output_type="display_data", data=_as_sent(data),
                                          metadata=_as_sent(metadata or {})))

    def clear_output(self, wait=False) -> None:
        _Outputs.cell.clear()


class _ResultHook(DisplayHook):
    """The value of a cell's last expression: an execute_result output (no prompt printed)."""

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        _Outputs.cell.append(NotebookNode(output_type="execute_result", data=_as_sent(format_dict),
                                          metadata=_as_sent(md_dict or {}),
                                          execution_count=self.shell.execution_count))

    def finish_displayhook(self) -> None:
        pass


class _Stream(io.TextIOBase):
    """sys.stdout or sys.stderr while a cell runs: a stream output, successive writes joined as a kernel's
    buffered stream sends them."""

    def __init__(self, name: str):
        self.name = name

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        outputs = _Outputs.cell
        if outputs and outputs[-1].output_type == "stream" and outputs[-1].name == self.name:
            outputs[-1].text += text
        else:
            outputs.append(NotebookNode(output_type="stream", name=self.name, text=text))
        return len(text)


class _Shell(InteractiveShell):
    displayhook_class = _ResultHook
    display_pub_class = _Publisher

    def _showtraceback(self, etype, evalue, stb) -> None:
        # An error output, as ipykernel's ZMQInteractiveShell sends it (papermill raises on it).
        _Outputs.cell.append(NotebookNode(output_type="error", ename=str(etype.__name__), evalue=str(evalue),
                                          traceback=list(stb)))


class InProcessEngine(Engine):
    """Runs every cell of the notebook in this process's shell, stopping at the first error (as papermill's
    nbclient engine does)."""

    _shell: _Shell | None = None
    last = None  # the notebook being run: kept when a cell fails, to save it beside the error

    @classmethod
    def shell(cls) -> _Shell:
        if cls._shell is None:
            config = Config()
            # Thousands of notebooks in one process: no Out[] cache of every chart and table, no history database.
            config.InteractiveShell.cache_size = 0
            config.HistoryManager.enabled = False
            main = sys.modules.get("__main__")
            cls._shell = _Shell.instance(config=config)
            if main is not None:  # the shell installs its namespace as __main__; this process keeps its own
                sys.modules["__main__"] = main
        return cls._shell

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, **kwargs) -> None:
        shell = cls.shell()
        cls.last = nb_man.nb
        shell.reset(new_session=False)
        shell.execution_count = 1
        nb_man.nb.metadata["language_info"] = _as_sent(LANGUAGE_INFO)
        for index, cell in enumerate(nb_man.nb.cells):
            nb_man.cell_start(cell, index)
            try:
                if cell.cell_type != "code":
                    continue
                cell.outputs = _Outputs.cell = []
                cell.execution_count = shell.execution_count
                streams = sys.stdout, sys.stderr
                sys.stdout, sys.stderr = _Stream("stdout"), _Stream("stderr")
                try:
                    result = shell.run_cell(cell.source, store_history=False)
                finally:
                    sys.stdout, sys.stderr = streams
                    _Outputs.cell = []
                shell.execution_count += 1
                if isinstance(result.error_in_exec, KeyboardInterrupt):
                    raise result.error_in_exec  # Ctrl-C stops the run, as it stops a kernel's client: not a cell error
                if not result.success:
                    nb_man.cell_exception(cell, cell_index=index,
                                          exception=result.error_in_exec or result.error_before_exec)
                    break
            finally:
                nb_man.cell_complete(cell, cell_index=index)


def _write_unless_nowhere(nb, path) -> None:
    """papermill's final write of the executed notebook, skipped when there is nowhere to write it.

    papermill ends every run with write_ipynb(nb, output_path), even when output_path is None: it then
    validates and serialises the whole notebook (~10 ms for a unit report) for a handler that drops the
    text. The build keeps notebooks in memory and writes them itself (render.notebook.notebook_bytes).
    """
    if path is not None:
        _papermill_write_ipynb(nb, path)


_papermill_write_ipynb = papermill.execute.write_ipynb
papermill.execute.write_ipynb = _write_unless_nowhere
papermill_engines.register(ENGINE_NAME, InProcessEngine)
