"""Per-unit reports: their numbers against the processed tables (computed again here), the
distribution list and zips, and the fast path against a plain papermill run."""
from __future__ import annotations

import csv
import io
import zipfile

import pandas as pd
import pytest

from conftest import html_tables, pdf_text, vn_number, vn_percent
from pipeline.build.cache import Cache
from pipeline.build.runner import run_targets
from pipeline.build.targets import Target, notebook_params
from pipeline.contract import NOTEBOOK_FILES, UNIT_REPORT
from pipeline.render.notebook import NOTEBOOKS, clean, notebook_bytes
from pipeline.ingest import read_table

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line

# A tie (so-cong-thuong = so-y-te), units with deductions, units scored on fewer than 100 points
# (ban-dan-toc), a district and communes, including a tie among communes.
UNITS = ["so-cong-thuong", "so-y-te", "so-tu-phap", "ban-dan-toc", "huyen-binh-tan", "tp-vinh-long",
         "xa-dong-loi", "xa-nhon-thanh", "xa-phu-binh"]


@pytest.fixture(scope="module")
def data(built_2023):
    d = built_2023.processed_dir
    return {"tong_hop": read_table(d, "tong-hop-don-vi").set_index("ma_don_vi"), "diem": read_table(d, "diem"),
            "areas": read_table(d, "diem-linh-vuc"), "framework": read_table(d, "bo-tieu-chi"),
            "out": built_2023.report_dir}


def unit_files(data, ma):
    nhom = data["tong_hop"].loc[ma, "nhom"]
    html = (data["out"] / "don-vi" / nhom / f"{ma}.html").read_text(encoding="utf-8")
    return html, pdf_text(data["out"] / "don-vi" / nhom / f"{ma}.pdf")


def table(page: str, prefix: str) -> list[dict]:
    t = next(t for t in html_tables(page) if prefix in t["caption"])
    if not t["head"]:  # label/value table
        return [dict([tuple(r)]) for r in t["rows"]]
    return [dict(zip(t["head"], r)) for r in t["rows"]]


@pytest.mark.parametrize("ma", UNITS)
def test_unit_report_numbers(data, ma):
    html, pdf = unit_files(data, ma)
    th = data["tong_hop"]
    unit = th.loc[ma]
    group = th[th["nhom"] == unit["nhom"]]
    rank = 1 + int((group["chi_so"].round(6) > round(unit["chi_so"], 6)).sum())  # independent ranking
    summary = {k: v for row in table(html, "Bảng 1.") for k, v in row.items()}
    assert summary["Chỉ số CCHC"] == vn_percent(unit["chi_so"])
    assert summary["Xếp hạng trong nhóm"].startswith(f"{rank}/{len(group)} ")
    assert summary["Xếp loại"] == unit["xep_loai"]
    assert summary["Tổng điểm"] == vn_number(unit["tong_diem"]) and summary["Điểm trừ"] == vn_number(unit["diem_tru"])
    assert f"Chỉ số CCHC {vn_percent(unit['chi_so'])}, xếp thứ {rank}/{len(group)}" in pdf
    # The Word file: the same summary, read back with python-docx.
    from docx import Document

    docx = Document(str(data["out"] / "don-vi" / unit["nhom"] / f"{ma}.docx"))
    pairs = next({r.cells[0].text: r.cells[1].text for r in t.rows} for t in docx.tables
                 if t.rows[0].cells[0].text == "Nội dung")
    assert pairs["Chỉ số CCHC"] == vn_percent(unit["chi_so"]) and pairs["Xếp loại"] == unit["xep_loai"]
    assert pairs["Xếp hạng trong nhóm"].startswith(f"{rank}/{len(group)} ")
    assert pairs["Tổng điểm"] == vn_number(unit["tong_diem"])

    # Areas: the unit's % and the group's mean and best, computed here from diem-linh-vuc.
    areas = data["areas"][data["areas"]["ma_don_vi"].isin(group.index)].copy()
    areas["pct"] = areas["diem"] / areas["diem_toi_da"] * 100
    for row in table(html, "Điểm theo lĩnh vực so với nhóm"):
        same = areas[areas["ma"] == row["LV"]]
        mine = same[same["ma_don_vi"] == ma].iloc[0]
        assert row["Tỷ lệ (%)"] == vn_number(mine["pct"])
        assert row["Bình quân nhóm (%)"] == vn_number(same["pct"].mean())
        assert row["Cao nhất nhóm (%)"] == vn_number(same["pct"].max())
        assert vn_number(mine["pct"]) in pdf

    # Lost points: every applicable non-deduction criterion below its maximum.
    diem = data["diem"][data["diem"]["ma_don_vi"] == ma]
    lost = diem[diem["ap_dung"] & (diem["loai"] != "diem_tru") & (diem["diem"] < diem["diem_toi_da"] - 1e-9)]
    appraised = lost[lost["phuong_thuc"] == "TĐ"]
    expected = {r["ma"]: vn_number(r["diem_toi_da"] - r["diem"]) for _, r in appraised.iterrows()}
    printed = {r["Mã"]: r["Bị mất"] for r in table(html, "Các tiêu chí thẩm định bị mất điểm")} if expected else {}
    assert printed == expected
    survey = lost[lost["phuong_thuc"] == "XHH"]
    expected = {r["ma"]: vn_number(r["diem_toi_da"] - r["diem"]) for _, r in survey.iterrows()}
    printed = {r["Mã"]: r["Chưa đạt"] for r in table(html, "Các nội dung điều tra xã hội học chưa đạt")} \
        if expected else {}
    assert printed == expected
    if len(appraised):  # the sentence keeps appraised and survey points apart
        assert (f"Đơn vị bị mất {vn_number(sum(appraised['diem_toi_da'] - appraised['diem']))} điểm ở "
                f"{len(appraised)} tiêu chí thẩm định") in pdf
    deductions = diem[(diem["loai"] == "diem_tru") & (diem["diem"] != 0)]
    if len(deductions):
        assert {r["Mã"] for r in table(html, "Các nội dung bị trừ điểm")} == set(deductions["ma"])
    assert "DỮ LIỆU MẪU" in pdf and unit["ten_don_vi"] in pdf


def test_each_unit_gets_its_own_numbered_notice_signed_by_the_deputy(data, built_2023):
    """2023 numbers its notices from 95, groups in framework order then unit codes: each notice has its own
    number, is addressed to its unit and signed; nothing of the machine in the signing space."""
    ds = built_2023.dataset
    th = data["tong_hop"].reset_index()
    order = {g: i for i, g in enumerate(dict.fromkeys(th["nhom"]))}
    codes = sorted(th["ma_don_vi"], key=lambda m: (order[th.set_index("ma_don_vi").at[m, "nhom"]], m))
    seen = set()
    for ma in UNITS:
        html, pdf = unit_files(data, ma)
        number = f"{95 + codes.index(ma)}/TB-SNV"
        name = data["tong_hop"].loc[ma, "ten_don_vi"]
        assert f"Số: {number}" in pdf and "THÔNG BÁO" in pdf and f"Kính gửi: {name}" in pdf, ma
        assert f"Số: {ds.reports['units'].number}" not in pdf, ma  # not the provincial report's number
        assert f"KT. GIÁM ĐỐC PHÓ GIÁM ĐỐC {ds.signer.name}" in pdf and "tự động" not in pdf, ma
        parent = data["tong_hop"].loc[ma, "don_vi_cap_tren"]
        if isinstance(parent, str) and parent:  # a commune's notice is copied to its district
            assert f"{data['tong_hop'].loc[parent, 'ten_don_vi']} (để theo dõi)" in pdf, ma
        seen.add(number)
    assert len(seen) == len(UNITS)


def test_tied_units_print_the_same_rank(data, built_2023):
    a, _ = unit_files(data, "so-cong-thuong")
    b, _ = unit_files(data, "so-y-te")
    rank = lambda page: {k: v for r in table(page, "Bảng 1.") for k, v in r.items()}["Xếp hạng trong nhóm"]
    assert rank(a) == rank(b) == f"1/20 ({built_2023.dataset.group_name('so')}) – đồng hạng"
    assert "xếp thứ 1/20 trong nhóm Sở, ban, ngành tỉnh (đồng hạng với Sở Y tế)" in a


def test_distribution_list_and_zips(data, built_2023):
    out = data["out"]
    rows = list(csv.DictReader(io.StringIO((out / "phan-phoi.csv").read_text(encoding="utf-8-sig"))))
    assert [r["ma_don_vi"] for r in rows] == list(data["tong_hop"].index)
    for r in rows:
        assert (out / r["tep_pdf"]).is_file() and (out / r["tep_html"]).is_file() and (out / r["tep_docx"]).is_file()
        assert r["tep_pdf"] == f"don-vi/{r['nhom']}/{r['ma_don_vi']}.pdf"
        assert r["tep_docx"] == f"don-vi/{r['nhom']}/{r['ma_don_vi']}.docx"
        parent = data["tong_hop"].loc[r["ma_don_vi"], "don_vi_cap_tren"]
        assert r["don_vi_cap_tren"] == (parent or "")
    for nhom, members in pd.DataFrame(rows).groupby("nhom"):
        with zipfile.ZipFile(out / "don-vi" / f"bao-cao-don-vi-{nhom}-2023.zip") as z:
            assert sorted(z.namelist()) == sorted(f"{m}.{f}" for m in members["ma_don_vi"] for f in ("pdf", "docx"))
            for m in members["ma_don_vi"]:
                for f in ("pdf", "docx"):
                    assert z.read(f"{m}.{f}") == (out / "don-vi" / nhom / f"{m}.{f}").read_bytes()


def test_fast_path_equals_a_plain_papermill_run(data, built_2023):
    import papermill as pm

    from pipeline.build.runner import CONTEXTS_DIR
    from pipeline.build.targets import plan, with_context
    from pipeline.report.keys import save_context

    # The same parameters as the build's, the same context handed where the build handed it (a draft).
    target = with_context(built_2023, next(t for t in plan(built_2023) if t.unit == "xa-phu-binh"))
    handed = built_2023.cache_dir.resolve() / CONTEXTS_DIR / f"{target.key}.pickle"
    save_context(target.printed_context, handed)
    params = {**notebook_params(built_2023, unit="xa-phu-binh"), "context_file": str(handed)}
    plain = pm.execute_notebook(str(NOTEBOOKS / NOTEBOOK_FILES[UNIT_REPORT]), None, parameters=params,
                                progress_bar=False, cwd=str(NOTEBOOKS), kernel_name="python3")
    handed.unlink()
    copy = data["out"] / "notebooks" / "don-vi" / "xa" / "xa-phu-binh.ipynb"
    assert notebook_bytes(clean(plain)) == copy.read_bytes()


def test_a_failing_unit_is_named_and_the_others_are_kept(built_2023, tmp_path):
    from pipeline.config import Settings

    settings = Settings(2023, built_2023.data_dir, tmp_path)
    good = Target(UNIT_REPORT, notebook_params(settings, unit="so-tu-phap"), "don-vi/so/so-tu-phap", "t",
                  "2024-03-12", recipe="r", data="a", unit="so-tu-phap")
    bad = Target(UNIT_REPORT, notebook_params(settings, unit="khong-co"), "don-vi/so/khong-co", "t",
                 "2024-03-12", recipe="r", data="b", unit="khong-co")
    cache = Cache(settings)
    outcomes = {o.target.unit: o for o in run_targets([bad, good], cache.root, {"author": "x", "mark": ""},
                                                      workers=2, progress=False)}
    error = outcomes["khong-co"].error
    assert not outcomes["so-tu-phap"].error
    assert cache.has(good) and not cache.has(bad)
    # The message names the cell and the last line of the traceback; the notebook is kept up to that cell.
    assert "unit-report.ipynb, ô thứ " in error and "UnknownUnit" in error and "khong-co" in error
    kept = cache.root / "loi" / "don-vi" / "so" / "khong-co.ipynb"
    assert str(kept) in error
    import nbformat
    partial = nbformat.reads(kept.read_text(encoding="utf-8"), as_version=4)
    failing = [c for c in partial.cells if c.cell_type == "code" and any(o.get("output_type") == "error"
                                                                           for o in c.get("outputs", []))]
    assert len(failing) == 1 and "khong-co" in failing[0].outputs[-1]["evalue"]
