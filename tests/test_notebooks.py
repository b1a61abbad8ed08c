"""The analysts' starter notebooks run as shipped (from their own folder, as Jupyter would run them), and what
they print agrees with values computed here from the processed CSVs by plain loops."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds the sample province and starts kernels

FOLDER = ROOT / "notebooks" / "explore"


def run(name: str, data_dir, **parameters) -> list[list[str]]:
    """The notebook executed; each code cell's printed lines."""
    import papermill as pm

    nb = pm.execute_notebook(str(FOLDER / name), None, cwd=str(FOLDER), progress_bar=False, kernel_name="python3",
                             parameters={"data_dir": str(data_dir), **parameters})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    return [[line for o in c.outputs if o.get("output_type") == "stream" for line in o["text"].splitlines()]
            for c in nb.cells if c.cell_type == "code"]


def csv(data_dir, year, name) -> pd.DataFrame:
    return pd.read_csv(data_dir / "processed" / str(year) / f"{name}.csv", dtype={"ma": str, "linh_vuc": str},
                       keep_default_na=False, na_values={c: [""] for c in ("chi_so", "diem", "diem_toi_da", "tham_dinh")})


def number(text: str) -> float:
    return float(text.replace(",", ".").replace("−", "-"))


def test_getting_started_prints_the_reports_rules(built_2023):
    data = built_2023.data_dir
    cells = run("01-getting-started.ipynb", data, year=2023)
    printed = [line for cell in cells for line in cell]

    # Year on year: every unit in both years, places only where the group holds the same units.
    now, before = csv(data, 2023, "tong-hop-don-vi"), csv(data, 2022, "tong-hop-don-vi")
    both = now.merge(before, on="ma_don_vi", suffixes=("", "_truoc"))
    same = {g for g in now["nhom"].unique()
            if set(now.loc[now["nhom"] == g, "ma_don_vi"]) == set(before.loc[before["nhom"] == g, "ma_don_vi"])}
    change = re.compile(r"^(.+) \((\w+)\): ([\d,]+) → ([\d,]+), ([+-][\d,]+) điểm, (.+)$")
    rows = [change.match(line) for line in printed if change.match(line)]
    assert len(rows) == 10
    best = sorted(both["chi_so"] - both["chi_so_truoc"], reverse=True)[:10]
    assert [number(m[5]) for m in rows] == pytest.approx(best, abs=0.0051)
    by_name = both.set_index("ten_don_vi")
    for m in rows:
        r = by_name.loc[m[1]]
        assert (number(m[3]), number(m[4])) == pytest.approx((r["chi_so_truoc"], r["chi_so"]), abs=0.0051)
        places = int(r["xep_hang_truoc"] - r["xep_hang"])
        assert m[6] == (f"{places:+d} bậc" if r["nhom"] in same else "không so sánh thứ bậc")

    # Points lost: appraised criteria of the departments, maximum − points over units where they apply.
    diem = csv(data, 2023, "diem").merge(now[["ma_don_vi", "nhom"]], on="ma_don_vi")
    lost = {}
    for r in diem.itertuples():
        if r.nhom == "so" and r.ap_dung and r.loai != "diem_tru" and r.phuong_thuc == "TĐ":
            total, units, n = lost.get(r.ma, (0.0, 0, 0))
            gone = max(r.diem_toi_da - r.diem, 0)
            lost[r.ma] = (total + gone, units + (gone > 0), n + 1)
    line = re.compile(r"^(\d[\d.]*) .+: mất ([\d,]+) điểm, (\d+)/(\d+) đơn vị$")
    shown = [line.match(x) for x in printed if line.match(x)]
    assert len(shown) == 5
    for m in shown:
        total, units, n = lost[m[1]]
        assert (number(m[2]), int(m[3]), int(m[4])) == (pytest.approx(total, abs=0.0051), units, n)
    most = max(t / n for t, _, n in lost.values())
    assert number(shown[0][2]) / int(shown[0][4]) == pytest.approx(most, abs=0.01)

    # Deductions apart, per group: units deducted and points.
    for nhom, g in now.groupby("nhom"):
        hit = g[g["diem_tru"] != 0]
        assert f"Điểm trừ ({nhom}): {len(hit)} đơn vị bị trừ, tổng {hit['diem_tru'].abs().sum():.2f} điểm".replace(
            ".", ",") in printed

    # Areas: means of % per area and group, the deduction ("Điểm trừ") no area.
    areas = [x for x in cells[-1]]
    assert areas and not any("Điểm trừ" in x for x in areas)
    dlv = csv(data, 2023, "diem-linh-vuc").merge(now[["ma_don_vi", "nhom"]], on="ma_don_vi")
    x = dlv[(dlv["nhom"] == "xa") & (dlv["ma"] == "4") & (dlv["diem_toi_da"] > 0)]
    mean = (x["diem"] / x["diem_toi_da"] * 100).mean()
    assert any(a.startswith("xa | 4. ") and a.endswith(f"{mean:.2f}%".replace(".", ",")) for a in areas)
    assert len(areas) == 3 * 8


def test_communes_of_a_district_over_years(built_2023):
    data = built_2023.data_dir
    cells = run("02-communes-of-a-district.ipynb", data, first_year=2022, last_year=2023, district="huyen-tra-on")
    printed = [line for cell in cells for line in cell]
    shares = {}
    for year in (2022, 2023):
        units = csv(data, year, "don-vi")
        names = dict(zip(units["ma_don_vi"], units["ten_don_vi"]))
        communes = set(units.loc[units["don_vi_cap_tren"] == "huyen-tra-on", "ma_don_vi"])
        for r in csv(data, year, "diem-linh-vuc").itertuples():
            if r.ma_don_vi in communes and r.ma.isdigit() and r.diem_toi_da > 0:  # areas; "D" is the deduction
                shares[(r.ma, year, names[r.ma_don_vi])] = r.diem / r.diem_toi_da * 100
    assert printed[0] == f"UBND huyện Trà Ôn: {len({k[2] for k in shares if k[1] == 2023})} xã, các năm 2022, 2023"
    for area in sorted({k[0] for k in shares}, key=int):
        means = {y: sum(v for k, v in shares.items() if k[:2] == (area, y)) /
                 sum(1 for k in shares if k[:2] == (area, y)) for y in (2022, 2023)}
        falls = {k[2]: shares[(area, 2023, k[2])] - v for k, v in shares.items()
                 if k[:2] == (area, 2022) and (area, 2023, k[2]) in shares}
        name, fall = min(falls.items(), key=lambda kv: kv[1])
        line = next(x for x in printed if x.startswith(f"Lĩnh vực {area} ("))
        got = re.search(r"2022 ([\d,]+)%; 2023 ([\d,]+)%; giảm nhiều nhất: (.+) \(([-\d,]+) điểm %\)$", line)
        assert (number(got[1]), number(got[2])) == pytest.approx((means[2022], means[2023]), abs=0.0051)
        assert got[3] == name and number(got[4]) == pytest.approx(fall, abs=0.0051)
