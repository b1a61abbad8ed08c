"""`make sample`: python -m tools.sample --data-dir data [--years 2022 2023 2025], run from the repository."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import SampleRefused, generate


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(encoding="utf-8", errors="replace")
    parser = argparse.ArgumentParser(prog="python -m tools.sample",
                                     description="Ghi tỉnh mẫu (dữ liệu giả lập) vào DATA_DIR/raw")
    parser.add_argument("--data-dir", type=Path, default=Path("data"), help="thư mục dữ liệu (mặc định: data)")
    parser.add_argument("--years", type=int, nargs="+", default=[2022, 2023, 2025], help="các năm cần tạo")
    args = parser.parse_args(argv)
    try:
        generate(args.data_dir, tuple(args.years))
    except SampleRefused as exc:
        print(f"lỗi: không tạo dữ liệu mẫu, không ghi tệp nào:\n{exc}\nmake sample chỉ ghi vào thư mục dữ liệu mẫu "
              "(dataset.yml có `sample: true`); hãy chọn DATA_DIR khác.", file=sys.stderr)
        return 2
    print(f"đã ghi tỉnh mẫu vào {args.data_dir / 'raw'}: các năm {', '.join(map(str, args.years))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
