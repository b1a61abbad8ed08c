"""What the build must survive (issue 25): a file edited in its cache, two years built at once, a kill between
publishing the year's folder and saving its state, a full disk, a read-only folder, a worker killed alone;
and published notebooks that reveal no machine path. Each test builds the tiny province of conftest."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import make_year, run_cli
from pipeline.build.year import build_year
from pipeline.config import Settings

pytestmark = pytest.mark.slow  # builds a (tiny) province, starts kernels and the command line


@pytest.fixture(scope="module")
def tiny_built(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("tiny")
    make_year(root / "data")
    settings = Settings(2023, root / "data", root / "output")
    result = build_year(settings, workers=1, progress=False)
    assert not result.failed, [o.error for o in result.failed]
    return settings


def copy_of(built: Settings, dest: Path) -> Settings:
    shutil.copytree(built.data_dir, dest / "data")
    shutil.copytree(built.output_dir, dest / "output")
    return Settings(built.year, dest / "data", dest / "output")


def verify(settings: Settings):
    return run_cli("verify", "--year", str(settings.year), "--data-dir", str(settings.data_dir), "--output-dir",
                   str(settings.output_dir))


def manifest_entry(settings: Settings, path: str) -> dict:
    manifest = json.loads((settings.report_dir / "manifest.json").read_bytes())
    return next(o for o in manifest["outputs"] if o["path"] == path)


def test_a_file_edited_in_the_build_cache_is_rebuilt_not_published(tiny_built, tmp_path, capsys):
    settings = copy_of(tiny_built, tmp_path)
    published = settings.report_dir / "don-vi" / "so" / "so-a.html"
    original = published.read_bytes()
    key = manifest_entry(settings, "don-vi/so/so-a.html")["key"]
    cached = settings.cache_dir / key[:2] / key / "html"
    cached.write_bytes(original.replace("Sở A".encode(), "Sở A (đã sửa trong bộ nhớ đệm)".encode()))
    published.unlink()  # the folder is reassembled from the cache
    capsys.readouterr()
    result = build_year(settings, workers=1, progress=False)
    assert result.changed and [o.target.unit for o in result.built] == ["so-a"]  # rebuilt, the edit dropped
    assert "SHA-256 không khớp" in capsys.readouterr().err
    assert published.read_bytes() == original  # the rebuilt file, byte for byte the one first built
    assert verify(settings).returncode == 0


def test_published_notebooks_carry_no_machine_path(tiny_built):
    """The executed notebooks are published and linked from the landing page: they must not show where the
    data, the outputs or the build cache live."""
    folders = {str(p) for s in (tiny_built,) for p in (s.data_dir, s.output_dir, s.data_dir.resolve(),
                                                         s.output_dir.resolve(), s.data_dir.parent.resolve())}
    notebooks = sorted((tiny_built.report_dir / "notebooks").rglob("*.ipynb"))
    assert len(notebooks) == 5  # the units report, two unit notices, two agency packs
    for path in notebooks:
        text = path.read_text(encoding="utf-8")
        assert not [f for f in folders if f in text], path
        injected = next(c["source"] for c in json.loads(text)["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
        source = "".join(injected)
        assert 'data_dir = "data"' in source and 'context_file = ""' in source  # the notebook's own defaults
    for path in tiny_built.report_dir.rglob("*"):  # nor any other published file
        if path.is_file() and path.suffix in (".html", ".json", ".csv", ".ipynb"):
            assert str(tiny_built.data_dir.parent.resolve()) not in path.read_text(encoding="utf-8-sig"), path
