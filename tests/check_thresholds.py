"""Check the Excel summary's "Điểm cần thêm để lên mức" against the bands, for every unit of the sample years.

For each unit of each year, the value stored in tong-hop-<YEAR>.xlsx (built in memory by
pipeline.build.excel.summary_workbook) is checked with exact decimal arithmetic on the processed table's
own text (tong-hop-don-vi.csv) and the bands of dataset.yml:

  (tong_diem + needed) / diem_toi_da × 100 ≥ next band's minimum          (it reaches the band)
  (tong_diem + needed − 0,01) / diem_toi_da × 100 < next band's minimum   (one cent less does not)

and a unit of the top band has the cell blank. Not a pytest module (pytest does not collect check_*.py);
run it:  .venv/bin/python tests/check_thresholds.py [--data-dir data] [--years 2022 2023]
Exit status 1 when any unit fails.
"""
from __future__ import annotations

import argparse
import csv
import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import yaml
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parent.parent
CENT = Decimal("0.01")
HEADER_ROW = 3  # the sheets' header row (1-based): a title, a blank row, then the header


def bands(raw: Path) -> list[tuple[str, Decimal]]:
    data = yaml.safe_load((raw / "dataset.yml").read_text(encoding="utf-8"))
    return sorted(((b["name"], Decimal(str(b["min"]))) for b in data["bands"]), key=lambda b: b[1])


def check_year(data_dir: Path, year: int) -> tuple[int, int, list[str], list[str]]:
    """(units checked, units below the top band, failures, sample lines)."""
    subprocess.run([sys.executable, "-m", "pipeline", "data", "--year", str(year), "--data-dir", str(data_dir)],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    from pipeline.build import excel
    from pipeline.config import Settings

    book = load_workbook(io.BytesIO(excel.summary_workbook(Settings(year, data_dir, data_dir / "_no_output"))),
                         data_only=True)
    with open(data_dir / "processed" / str(year) / "tong-hop-don-vi.csv", encoding="utf-8") as f:
        units = {r["ma_don_vi"]: r for r in csv.DictReader(f)}
    ladder = bands(data_dir / "raw" / str(year))
    seen, below, failures, lines = 0, 0, [], []
    for ws in book.worksheets:
        header = [c.value for c in ws[HEADER_ROW]]
        if "Điểm cần thêm để lên mức" not in header:
            continue
        col = {name: header.index(name) for name in ("Mã đơn vị", "Mức xếp loại tiếp theo", "Điểm cần thêm để lên mức")}
        for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
            ma = row[col["Mã đơn vị"]]
            if not ma:
                continue
            seen += 1
            u = units[ma]
            total, maximum = Decimal(u["tong_diem"]), Decimal(u["diem_toi_da"])
            index = total / maximum * 100
            here = max(i for i, (_, m) in enumerate(ladder) if index >= m)  # exact band of the unit
            cell, name = row[col["Điểm cần thêm để lên mức"]], row[col["Mức xếp loại tiếp theo"]]
            if here == len(ladder) - 1:
                if cell is not None:
                    failures.append(f"{year} {ma}: top band, but the cell holds {cell}")
                continue
            below += 1
            next_name, next_min = ladder[here + 1]
            needed = Decimal(repr(float(cell))) if cell is not None else None
            if needed is None or name != next_name:
                failures.append(f"{year} {ma}: next band {name!r}, needed {cell!r}; expected {next_name!r}")
                continue
            reached = (total + needed) / maximum * 100
            short = (total + needed - CENT) / maximum * 100
            ok = needed == needed.quantize(CENT) and reached >= next_min and short < next_min
            exact_gap = next_min * maximum / 100 - total
            line = (f"{year} {ma:<28} {u['ten_don_vi'][:30]:<30} {total:>7}/{maximum:<6} → {next_name:<9} "
                    f"gap {exact_gap.normalize():<7} needed {needed.quantize(CENT):<6} reaches {reached:.4f}% "
                    f"(−0,01: {short:.4f}%) {'OK' if ok else 'FAIL'}")
            if not ok:
                failures.append(line)
            if exact_gap != exact_gap.quantize(CENT) or not ok:
                lines.append(line)  # a gap that is no whole cent: where rounding decides
    return seen, below, failures, lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    parser.add_argument("--years", type=int, nargs="+", default=[2022, 2023])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    all_failures = []
    for year in args.years:
        seen, below, failures, lines = check_year(args.data_dir.resolve(), year)
        print(f"{year}: {seen} units in the Excel summary, {below} below the top band; "
              f"{below - len(failures)}/{below} reach the next band with the stored value and not one cent less")
        if lines:
            print(f"  units whose exact gap is no whole cent ({len(lines)}), where rounding up decides:")
            for line in lines:
                print("  " + line)
        all_failures += failures
    for f in all_failures:
        print("FAIL " + f)
    print("all units pass" if not all_failures else f"{len(all_failures)} failure(s)")
    return 1 if all_failures else 0


if __name__ == "__main__":
    sys.exit(main())
