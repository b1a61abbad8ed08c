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
