"""A papermill engine that keeps its kernel warm between notebooks.

Starting a kernel, importing pandas and matplotlib and reading the year's tables cost about
a second; a province has 130 unit reports and the country 3,321 communes. This engine starts
one kernel per worker process and runs every notebook of that worker in it, still through
`papermill.execute_notebook` (parameters injected the papermill way), so a report run here
is the same notebook an analyst runs by hand with `papermill`. The notebooks are written to
be re-run in one kernel: every cell assigns what it uses, and the year's tables are cached
per process by `pipeline.context`.
"""
from __future__ import annotations

import atexit
import logging
import os

import papermill.execute
from jupyter_core.utils import run_sync
from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines

from ..contract import CONTEXT_ONLY_ENV

ENGINE_NAME = "warm"
# A kernel that runs thousands of notebooks must not keep them: no Out[] cache of every chart and
# table, no input history database.
KERNEL_ARGUMENTS = ["--InteractiveShell.cache_size=0", "--HistoryManager.enabled=False",
                    # and no wait on empty stdout/stderr before every display (render.kernel_io)
                    "--IPKernelApp.outstream_class=pipeline.render.kernel_io.QuietOutStream"]
# And a fresh kernel every so many notebooks, so whatever a notebook leaves behind can't pile up
# over a national-scale year (one kernel start, ~2 s, per few hundred reports).
NOTEBOOKS_PER_KERNEL = 400
START_ATTEMPTS = 3
log = logging.getLogger("papermill")


class WarmKernelEngine(NBClientEngine):
    """NBClientEngine with one long-lived kernel and client per process."""

    km = None
    kc = None
    runs = 0
    mode = None  # the context-only flag the kernel was started with: it reads its environment once
    last = None  # the notebook being run: kept when a cell fails, to save it beside the error

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        mode = os.environ.get(CONTEXT_ONLY_ENV)
        if cls.km is not None and (cls.runs >= NOTEBOOKS_PER_KERNEL or cls.mode != mode or not _alive(cls.km)):
            # A kernel that died (out of memory, say) is replaced, not reused; one started context-only (or not)
            # is not used for the other kind of run.
            cls.shutdown()
        cls.mode = mode
        for attempt in range(START_ATTEMPTS):
            starting = cls.km is None
            client = PapermillNotebookClient(nb_man, km=cls.km, kernel_name=kernel_name, log=log,
                                             log_output=log_output, startup_timeout=start_timeout,
                                             timeout=execution_timeout, stdout_file=stdout_file,
                                             stderr_file=stderr_file, extra_arguments=KERNEL_ARGUMENTS)
            client.kc = cls.kc
            cls.runs += 1
            cls.last = nb_man.nb
            try:
                result = client.execute(cleanup_kc=False)
            except RuntimeError as exc:
                cls._keep(client)
                # Two workers starting kernels at once can pick the same free port (jupyter_client
                # chooses ports before binding them): the kernel dies before any cell ran. Start anew.
                if starting and "Kernel died before replying" in str(exc) and attempt < START_ATTEMPTS - 1:
                    log.warning("kernel failed to start (%s); starting another", exc)
                    cls.shutdown()
                    continue
                raise
            except BaseException:
                cls._keep(client)
                raise
            cls._keep(client)
            return result

    @classmethod
    def _keep(cls, client) -> None:
        """Keep the client's kernel for the next notebook (and end it with the process)."""
        cls.km, cls.kc = client.km, client.kc
        if cls.km is not None and not getattr(cls, "_registered", False):
            atexit.register(cls.shutdown)
            cls._registered = True

    @classmethod
    def shutdown(cls) -> None:
        km, kc, cls.km, cls.kc, cls.runs = cls.km, cls.kc, None, None, 0
        try:
            if kc is not None:
                kc.stop_channels()
            if km is not None and km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # the kernel is going away anyway; never mask the real error
            pass


def _alive(km) -> bool:
    try:
        return bool(run_sync(km.is_alive)())
    except Exception:
        return False


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
papermill_engines.register(ENGINE_NAME, WarmKernelEngine)
