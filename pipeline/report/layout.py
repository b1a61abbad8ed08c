"""HTML pieces of an official report (Decree 30/2020/NĐ-CP): header, title, tables, signature."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import pandas as pd

from ..config import Dataset
from . import fmt

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
RECIPIENTS = {
    "units": ["UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố",
              "UBND các xã, phường, thị trấn", "Lưu: VT, CCHC"],
    "national": ["Bộ Nội vụ (b/c)", "Thường trực Tỉnh ủy (b/c)", "UBND tỉnh (b/c)", "Các sở, ban, ngành tỉnh",
                 "Lưu: VT, CCHC"],
    "unit": ["Như trên", "Lưu: VT, CCHC"],
}


def official_header(dataset: Dataset, kind: str, title: str, subtitle: str = "") -> str:
    """Agency and motto blocks, number, place and date, then the title (Decree 30 layout)."""
    meta = dataset.reports.get(kind) or dataset.reports.get("units")
    number = f"Số: {fmt.esc(meta.number)}" if meta else "Số: …"
    date = f"{fmt.esc(dataset.place)}, {fmt.ngay(meta.date)}" if meta else ""
    return f"""<div class="quoc-hieu">
<table class="khoi-dau"><tr>
<td class="co-quan"><div>{fmt.esc(dataset.parent_agency.upper())}</div>
<div class="dam gach">{fmt.esc(dataset.agency.upper())}</div><div class="so-hieu">{number}</div></td>
<td class="tieu-ngu"><div class="dam">{MOTTO[0]}</div><div class="dam gach">{MOTTO[1]}</div>
<div class="ngay-thang">{date}</div></td>
</tr></table>
<div class="ten-van-ban">BÁO CÁO</div>
<div class="trich-yeu">{fmt.esc(title)}</div>
{f'<div class="phu-de">{fmt.esc(subtitle)}</div>' if subtitle else ''}
</div>"""


def signature_block(dataset: Dataset, kind: str, recipients: Sequence[str] | None = None) -> str:
    """Nơi nhận on the left, the signer on the right."""
    names = recipients if recipients is not None else RECIPIENTS.get(kind, RECIPIENTS["units"])
    items = "".join(f"<li>{fmt.esc(r)}{'.' if i == len(names) - 1 else ';'}</li>" for i, r in enumerate(names))
    return f"""<table class="chu-ky"><tr>
<td class="noi-nhan"><div class="dam nghieng">Nơi nhận:</div><ul>{items}</ul></td>
<td class="nguoi-ky"><div class="dam">GIÁM ĐỐC</div><div class="khoang-ky"></div>
<div class="nghieng">(Báo cáo lập tự động từ dữ liệu đã thẩm định)</div></td>
</tr></table>"""


def sample_mark(dataset: Dataset) -> str:
    """A mark on every page when the data is the generated sample (contract §2)."""
    return '<div class="du-lieu-mau">DỮ LIỆU MẪU</div>' if dataset.sample else ""


@dataclass(frozen=True)
class Col:
    key: str
    label: str
    kind: str = "text"  # text | so | diem | pct | int | dau | bac
    fn: Callable[[object], str] | None = None
    css: str = ""  # "ten" (a name: keeps a readable width), "lien" (never wraps)


FORMATS: dict[str, Callable[[object], str]] = {
    "text": lambda v: fmt.esc(v),
    "so": lambda v: fmt.so(v),
    "diem": lambda v: fmt.diem(v),
    "pct": lambda v: fmt.phan_tram(v),
    "int": lambda v: "–" if pd.isna(v) else fmt.so_nguyen(int(v)),
    "dau": lambda v: fmt.dau(v),
    "bac": lambda v: fmt.dau_bac(v),
}


def table(frame: pd.DataFrame, cols: Sequence[Col], caption: str = "", css: str = "",
          sortable: bool = True, row_class: Callable[[pd.Series], str] | None = None) -> str:
    """An HTML table: Vietnamese number formats, numbers right-aligned, raw values for sorting."""
    head = "".join(f'<th class="{"so" if c.kind != "text" else ""}">{fmt.esc(c.label)}</th>' for c in cols)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for c in cols:
            value = row.get(c.key)
            shown = c.fn(value) if c.fn else FORMATS[c.kind](value)
            if c.kind == "text":
                cells.append(f'<td class="{c.css}">{shown}</td>' if c.css else f"<td>{shown}</td>")
            else:
                raw = "" if pd.isna(value) else f"{float(value):.6f}"
                cells.append(f'<td class="so" data-v="{raw}">{shown}</td>')
        cls = f' class="{row_class(row)}"' if row_class else ""
        body.append(f"<tr{cls}>{''.join(cells)}</tr>")
    classes = " ".join(x for x in ("bang", "sortable" if sortable else "", css) if x)
    # The caption is a block before the table (not <caption>), so print keeps it with the table.
    cap = f'<div class="ten-bang">{fmt.esc(caption)}</div>' if caption else ""
    return (f'<div class="bang-khung">{cap}<table class="{classes}"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(body)}</tbody></table></div>")


def heading(level: int, text: str, anchor: str) -> str:
    """A section heading with a stable id (the table of contents links to it)."""
    return f'<h{level} id="{fmt.esc(anchor)}">{fmt.esc(text)}</h{level}>'


RANKED_COLUMNS = [
    Col("xep_hang", "Hạng", "int"), Col("ten_don_vi", "Đơn vị", css="ten"), Col("diem_toi_da", "Điểm tối đa", "diem"),
    Col("tu_danh_gia", "Tự đánh giá", "diem"), Col("tham_dinh", "Thẩm định", "diem"), Col("xhh", "Điều tra XHH", "so"),
    Col("diem_tru", "Điểm trừ", "diem"), Col("tong_diem", "Tổng điểm", "so"), Col("chi_so", "Chỉ số (%)", "so"),
    Col("xep_loai", "Xếp loại", css="lien"),
]
CHANGE_COLUMNS = [Col("tang_diem", "± điểm", "dau"), Col("tang_bac", "± bậc", "bac")]


def key_values(pairs: Sequence[tuple[str, str]], caption: str = "") -> str:
    """A two-column table of labels and already formatted values."""
    rows = "".join(f"<tr><th>{fmt.esc(k)}</th><td>{fmt.esc(v)}</td></tr>" for k, v in pairs)
    cap = f'<div class="ten-bang">{fmt.esc(caption)}</div>' if caption else ""
    return f'<div class="bang-khung">{cap}<table class="bang cap-gia-tri"><tbody>{rows}</tbody></table></div>'


def reissue_note(text: str) -> str:
    """The box a re-issued report opens with: it replaces the earlier version, and why."""
    return f'<div class="thay-the"><strong>{fmt.esc(text)}</strong></div>' if text else ""
