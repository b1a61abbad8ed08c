"""Re-runs rebuild exactly what prints a changed input, and what they keep is what a clean build makes.

A tiny province is built, then dataset.yml and the corrections are changed in turn (a band threshold, the
signer, the place, a correction line), each followed by an incremental run: each run rebuilds exactly the
reports that print what changed, and no report prints an old threshold. A clean build of the final inputs
then gives the same bytes for every report (drafts are never called replacements).
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import make_year

from pipeline import contract
from pipeline.build.year import build_year
from pipeline.config import Settings
from pipeline.report import packs

pytestmark = pytest.mark.slow  # builds a province five times

CORRECTION = ("ma_don_vi,ma,cot,gia_tri,ly_do,van_ban\n"
              'so-a,1.1.2,tham_dinh,2,Phúc tra theo đề nghị của đơn vị,"Công văn số 401/SNV-CCHC ngày 05/3/2024"\n')
NOTE = re.compile(r'<div class="thay-the">.*?</div>', re.S)


def edit(settings: Settings, old: str, new: str) -> None:
    path = settings.raw_dir / "dataset.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def rebuilt(settings: Settings) -> set[str]:
    result = build_year(settings, workers=1, progress=False)
    assert not result.failed, [o.error for o in result.failed]
    return {o.target.unit or o.target.params.get("agency") or o.target.kind for o in result.built}


def year_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_each_change_rebuilds_exactly_its_printers_and_the_result_is_a_clean_build(tmp_path):
    make_year(tmp_path / "data")
    settings = Settings(2023, tmp_path / "data", tmp_path / "output")
    agencies = dict(zip(packs.agencies(settings)["co_quan"], packs.agencies(settings)["ma"])) \
        if rebuilt(settings) else {}
    tu_phap, noi_vu = agencies["Sở Tư pháp"], agencies["Sở Nội vụ"]

    # so-a (75 %, Khá) is told what reaching Tốt takes: the threshold it prints follows dataset.yml. Packs do
    # not print the bands.
    edit(settings, "{name: Tốt,        min: 80}", "{name: Tốt,        min: 78}")
    assert rebuilt(settings) == {contract.UNITS_REPORT, "so-a", "so-b"}
    page = (settings.report_dir / contract.unit_stem("so", "so-a")).with_suffix(".html").read_text(encoding="utf-8")
    assert "78%" in page and "80%" not in page

    # The signer and the place are printed by the signed units report only (the unit results are its appendices).
    edit(settings, "parent_agency: UBND tỉnh Vĩnh Long\n",
         "parent_agency: UBND tỉnh Vĩnh Long\nsigner: {name: Nguyễn Văn An, title: Giám đốc}\n")
    assert rebuilt(settings) == {contract.UNITS_REPORT}
    edit(settings, "place: Vĩnh Long", "place: Long Hồ")
    assert rebuilt(settings) == {contract.UNITS_REPORT}

    # A correction of so-a's 1.1.2 (appraised by Sở Tư pháp): the units report, so-a, so-b (its group's mean
    # and best per area moved) and Sở Tư pháp's pack; Sở Nội vụ's pack prints nothing that moved.
    (settings.raw_dir / "hieu-chinh.csv").write_text(CORRECTION, encoding="utf-8")
    after_correction = rebuilt(settings)
    assert {contract.UNITS_REPORT, "so-a", tu_phap} <= after_correction and noi_vu not in after_correction

    # The same inputs built from nothing: the same bytes (drafts until issued: no replacement wording either).
    clean = Settings(2023, tmp_path / "clean" / "data", tmp_path / "clean" / "output")
    shutil.copytree(settings.raw_dir, clean.raw_dir)
    rebuilt(clean)
    kept, fresh = year_files(settings.report_dir), year_files(clean.report_dir)
    assert set(kept) == set(fresh)
    reissued = {p for p, data in kept.items() if p.endswith(".html") and NOTE.search(data.decode("utf-8"))}
    assert not reissued  # the year is not issued: a correction rebuilds drafts, never replacements
    history = {contract.MANIFEST, contract.HISTORY_PAGE, contract.HISTORY, contract.INDEX_PAGE}
    replaced = {Path(r).stem for r in reissued}
    for path, data in kept.items():
        if path in history or Path(path).stem in replaced and not path.endswith(".html"):
            continue  # the run history, and a re-issued report's PDF, DOCX and notebook (they carry the box)
        if path.endswith(".ipynb") and "Bản thay thế" in data.decode("utf-8"):
            continue  # a re-issued report's notebook (its parameters carry the box's text)
        if path.endswith(".ipynb"):  # the folders it was run with are its parameters
            data, other = (d.replace(str(s.data_dir.resolve()).encode(), b"DATA").replace(
                str(s.output_dir.resolve()).encode(), b"OUTPUT") for d, s in ((data, settings), (fresh[path], clean)))
            assert data == other, path
        elif path.endswith(".html"):
            assert NOTE.sub("", data.decode("utf-8")) == fresh[path].decode("utf-8"), path
        elif path.endswith(".zip"):  # a group's files: each one compared as above
            old, new = zipfile.ZipFile(io.BytesIO(data)), zipfile.ZipFile(io.BytesIO(fresh[path]))
            assert old.namelist() == new.namelist()
            for name in old.namelist():
                if Path(name).stem not in replaced:
                    assert old.read(name) == new.read(name), (path, name)
        else:
            assert data == fresh[path], path
