"""The publish step's journal: what a run killed between its two swaps left is finished or undone."""
from pipeline.build import journal
from pipeline.config import Settings


def _state(settings: Settings, published, old_manifest: bytes, new_manifest: bytes):
    settings.report_dir.mkdir(parents=True)
    (settings.report_dir / "manifest.json").write_bytes(old_manifest)
    published.mkdir(parents=True)
    (published / "state.json").write_bytes(b"old state")
    journal.prepare(settings, new_manifest, lambda into: (into / "state.json").write_bytes(b"new state"))


def test_a_kill_after_the_folder_swap_rolls_the_state_forward(tmp_path, capsys):
    settings = Settings(2023, tmp_path / "data", tmp_path / "out")
    published = settings.cache_dir / "published"
    _state(settings, published, b'{"old": 1}', b'{"new": 2}')
    (settings.report_dir / "manifest.json").write_bytes(b'{"new": 2}')  # the folder was swapped in
    assert journal.settle(settings, published) == "forward"
    assert (published / "state.json").read_bytes() == b"new state"
    assert not journal.journal_file(settings).exists() and not journal.next_dir(settings).exists()
    assert "dừng giữa chừng khi công bố" in capsys.readouterr().err
    assert journal.settle(settings, published) is None  # settled once


def test_a_kill_before_the_folder_swap_rolls_the_state_back(tmp_path):
    settings = Settings(2023, tmp_path / "data", tmp_path / "out")
    published = settings.cache_dir / "published"
    _state(settings, published, b'{"old": 1}', b'{"new": 2}')
    assert journal.settle(settings, published) == "back"
    assert (published / "state.json").read_bytes() == b"old state"
    assert not journal.journal_file(settings).exists() and not journal.next_dir(settings).exists()


def test_a_kill_between_the_two_renames_of_the_folder_swap_is_recovered_first(tmp_path):
    """The old folder moved aside, the new one not yet in: recover_dir puts the old back, the state rolls back."""
    settings = Settings(2023, tmp_path / "data", tmp_path / "out")
    published = settings.cache_dir / "published"
    _state(settings, published, b'{"old": 1}', b'{"new": 2}')
    settings.report_dir.rename(settings.report_dir.with_name(".2023.old"))
    assert journal.settle(settings, published) == "back"
    assert (settings.report_dir / "manifest.json").read_bytes() == b'{"old": 1}'
    assert (published / "state.json").read_bytes() == b"old state"
