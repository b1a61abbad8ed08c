"""Table and figure numbers of one report, given in order of appearance, so they never skip.

A notebook makes one `Captions` at the top and asks it for a caption right where the table or
chart is displayed: `layout.table(frame, tables.GROUP_LOST, caption=cap.table("…"))`. A table
that is not shown (an empty list, a section that does not apply) never asks, so takes no number.
"""
from __future__ import annotations

TABLE = "Bảng"
FIGURE = "Hình"


class Captions:
    """Hands out "Bảng 1. …", "Bảng 2. …" and "Hình 1. …" in the order they are asked for."""

    def __init__(self) -> None:
        self.tables = 0
        self.figures = 0

    def table(self, text: str) -> str:
        """The next table's caption: 'Bảng 3. Kết quả và xếp hạng nhóm …'."""
        self.tables += 1
        return f"{TABLE} {self.tables}. {text}"

    def figure(self, text: str) -> str:
        """The next figure's caption: 'Hình 2. Chỉ số CCHC năm 2023 của nhóm …'."""
        self.figures += 1
        return f"{FIGURE} {self.figures}. {text}"
