"""pipeline.load_years: several years of tiny provinces built from workbooks written in code, checked against
plain loops over each year's processed CSVs, with the renames written out by hand (a unit and a district
renamed, declared in dataset.yml's unit_code_changes); years without units' results raise NoUnitData."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import DATASET, SHEET_ROWS, make_year

import pipeline
from pipeline import NoUnitData, load, load_years

FULL = [r if r[0] != "1.1.2" else ("1.1.2", "TCTP", 2, 2, 2, None, None) for r in SHEET_ROWS]  # 1.1.2 not lost
LOW = [r if r[0] != "1.1.3" else ("1.1.3", "TCTP", 3, 3, 1, None, None) for r in SHEET_ROWS]

# What each year's code became in 2023, written by hand: so-c became so-d in 2022, huyen-p huyen-q in 2023.
NOW = {2021: {"so-c": "so-d", "huyen-p": "huyen-q"}, 2022: {"huyen-p": "huyen-q"}, 2023: {}}


def year(root, y, units, sheets, survey, changes=""):
    make_year(root, year=y, units=units, sheets=sheets, survey=survey,
              dataset=DATASET.replace("year: 2023", f"year: {y}") + changes)


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    root = tmp_path_factory.mktemp("years")
    year(root, 2021, [("huyen-p", "Huyện P", "so", None), ("so-a", "Xã A", "so", "huyen-p"),
                      ("so-b", "Sở B", "so", None), ("so-c", "Sở C", "so", None)],
         {"huyen-p": FULL, "so-a": SHEET_ROWS, "so-b": FULL, "so-c": LOW},
         [("ma_don_vi", "2.1.1"), ("huyen-p", 1), ("so-a", 4), ("so-b", 3), ("so-c", 2)])
    year(root, 2022, [("huyen-p", "Huyện P", "so", None), ("so-a", "Xã A", "so", "huyen-p"),
                      ("so-d", "Sở D", "so", None)],
         {"huyen-p": LOW, "so-a": FULL, "so-d": FULL}, [("ma_don_vi", "2.1.1"), ("huyen-p", 2), ("so-a", 4),
                                                        ("so-d", "2,5")],
         "unit_code_changes: {so-c: so-d}\n")
    year(root, 2023, [("huyen-q", "Thị xã Q", "so", None), ("so-a", "Xã A mới", "so", "huyen-q"),
                      ("so-d", "Sở D", "so", None), ("so-e", "Sở E", "so", None)],
         {"huyen-q": FULL, "so-a": LOW, "so-d": SHEET_ROWS, "so-e": FULL},
         [("ma_don_vi", "2.1.1"), ("huyen-q", 3), ("so-a", 3), ("so-d", 4), ("so-e", 1)],
         "unit_code_changes: {huyen-p: huyen-q}\n")
    national = root / "raw" / "2024"  # the national index only
    (national / "quoc-gia").mkdir(parents=True)
    (national / "quoc-gia" / "chi-so-cac-tinh.xlsx").write_bytes(b"")  # present is enough: never read
    (national / "dataset.yml").write_text(DATASET.replace("year: 2023", "year: 2024"), encoding="utf-8")
    load_years([2021, 2022, 2023], root)  # builds the processed tables
    return root


def csv(root, y, name):
    return pd.read_csv(root / "processed" / str(y) / f"{name}.csv", dtype={"ma": str, "don_vi_cap_tren": str},
                       keep_default_na=False, na_values={"chi_so": [""], "diem": [""]})


def plain_tong_hop(root):
    rows = []
    for y in (2021, 2022, 2023):
        names = dict(csv(root, y, "don-vi")[["ma_don_vi", "ten_don_vi"]].values)
        for _, r in csv(root, y, "tong-hop-don-vi").iterrows():
            parent = r["don_vi_cap_tren"]
            rows.append({"nam": y, "ma_don_vi": r["ma_don_vi"], "ma_hien_nay": NOW[y].get(r["ma_don_vi"], r["ma_don_vi"]),
                         "ten_cap_tren": names.get(parent, ""), "cap_tren_hien_nay": NOW[y].get(parent, parent),
                         "chi_so": r["chi_so"], "xep_hang": r["xep_hang"]})
    return pd.DataFrame(rows)


@pytest.mark.slow  # builds three years of a tiny province
def test_tong_hop_against_a_plain_loop(root):
    got = load_years(range(2021, 2024), root).tong_hop
    want = plain_tong_hop(root)
    key = ["nam", "ma_don_vi"]
    got = got.sort_values(key).reset_index(drop=True)
    want = want.sort_values(key).reset_index(drop=True)
    assert got[key].values.tolist() == want[key].values.tolist()
    for col in ("ma_hien_nay", "ten_cap_tren", "cap_tren_hien_nay", "xep_hang"):
        assert got[col].tolist() == want[col].tolist(), col
    assert got["chi_so"].tolist() == pytest.approx(want["chi_so"].tolist())
    # The renamed unit: so-c of 2021 is so-d now, its name of 2023 carried; the renamed district's commune.
    row = got[(got["nam"] == 2021) & (got["ma_don_vi"] == "so-c")].iloc[0]
    assert (row["ma_hien_nay"], row["ten_don_vi"], row["ten_hien_nay"]) == ("so-d", "Sở C", "Sở D")
    a = got[got["ma_hien_nay"] == "so-a"].set_index("nam")
    assert a["ten_cap_tren"].tolist() == ["Huyện P", "Huyện P", "Thị xã Q"]
    assert set(a["cap_tren_hien_nay"]) == {"huyen-q"} and set(a["ten_hien_nay"]) == {"Xã A mới"}


@pytest.mark.slow  # builds three years of a tiny province
def test_areas_against_a_plain_loop(root):
    got = load_years([2021, 2022, 2023], root).diem_linh_vuc
    assert got["ma"].map(type).eq(str).all()  # area codes are strings, as in every table
    rows = []
    for y in (2021, 2022, 2023):
        for _, r in csv(root, y, "diem-linh-vuc").iterrows():
            if r["ma"] != "9":  # "Điểm trừ" is a deduction, not an area
                rows.append((y, r["ma_don_vi"], NOW[y].get(r["ma_don_vi"], r["ma_don_vi"]), r["ma"], r["diem"],
                             r["diem"] / r["diem_toi_da"] * 100))
    want = sorted(rows)
    have = sorted(zip(got["nam"], got["ma_don_vi"], got["ma_hien_nay"], got["ma"], got["diem"], got["ty_le"]))
    assert [h[:4] for h in have] == [w[:4] for w in want]
    assert [h[4:] for h in have] == [pytest.approx(w[4:]) for w in want]
    # The question of issue 27: one unit's area 1 over the years, under today's code.
    so_d = got[(got["ma_hien_nay"] == "so-d") & (got["ma"] == "1")].sort_values("nam")
    assert so_d["ma_don_vi"].tolist() == ["so-c", "so-d", "so-d"]


@pytest.mark.slow  # builds three years of a tiny province
def test_year_on_year_follows_the_renamed_unit(root):
    d = load_years([2021, 2022], root)
    change = d.year_on_year(2022).set_index("ma_don_vi")
    t21 = csv(root, 2021, "tong-hop-don-vi").set_index("ma_don_vi")["chi_so"]
    t22 = csv(root, 2022, "tong-hop-don-vi").set_index("ma_don_vi")["chi_so"]
    assert change.at["so-d", "tang_diem"] == pytest.approx(t22["so-d"] - t21["so-c"])
    assert change.at["so-a", "tang_diem"] == pytest.approx(t22["so-a"] - t21["so-a"])
    # Four units in 2021, three in 2022: places are not compared, points are.
    assert change["tang_bac"].isna().all()


@pytest.mark.slow  # builds three years of a tiny province
def test_years_without_units_results(root):
    with pytest.raises(NoUnitData, match="năm 2024 chỉ có kết quả Chỉ số PAR INDEX của tỉnh") as caught:
        load(2024, root)
    assert "2021, 2022, 2023" in str(caught.value)
    with pytest.raises(NoUnitData, match="không có dữ liệu năm 2020"):
        load_years([2020, 2021], root)
    with pytest.raises(FileNotFoundError):  # what load raised before: callers catching it still do
        load(2020, root)
    assert issubclass(NoUnitData, pipeline.errors.UsageError)
