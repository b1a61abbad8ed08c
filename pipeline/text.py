"""Text rules shared by every stage: how names are compared, folded and turned into file names or ids."""
from __future__ import annotations

import re
import unicodedata


def fold(text: object) -> str:
    """Lower case, no accents, single spaces: how labels are compared and how people type without diacritics
    ('Sở Tư pháp' and 'so tu  phap' fold alike)."""
    s = unicodedata.normalize("NFD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return " ".join(s.lower().split())


def same_text(text: object) -> str:
    """Text compared as written (accents kept): Unicode NFC, case and spaces folded. Two criteria of two years
    are the same when their texts agree this way."""
    return " ".join(unicodedata.normalize("NFC", str(text)).casefold().split())


def slug(text: object, default: str = "") -> str:
    """ASCII kebab-case, for file names and ids: 'Sở Tư pháp' → 'so-tu-phap'; default when nothing is left."""
    s = unicodedata.normalize("NFKD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn").lower()
    return "-".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in s).split()) or default


# ---------------------------------------------------------------- text at the door (ingest)
# Every text read from an input is Unicode NFC (the same name typed NFC in one cell and NFD in another is one
# name), and holds no control character (a NUL, Excel's `_x0001_` escapes) nor bidirectional override (U+202E
# would print a unit's name reversed in a letter's "Kính gửi"): those are refused, naming file, sheet and cell.
# Line breaks are kept in the cell; the readers fold them to spaces (`inline`) where a text is printed inline.
MAX_NAME = 200  # characters of a name printed in headers, titles and addresses (units, agencies, the province)
MAX_TEXT = 4000  # characters of any other text (a criterion, a note, a reason)
LINE_BREAKS = "\n\r\u2028\u2029"
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def nfc(text: str) -> str:
    """Unicode NFC (ASCII is already)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def forbidden_characters(text: str) -> str:
    """'' when the text may be printed; else what is wrong with it, in Vietnamese, naming the characters
    (U+0001, U+202E)."""
    found = sorted(set(_FORBIDDEN.findall(text)))
    if not found:
        return ""
    names = ", ".join(f"U+{ord(ch):04X}" for ch in found[:5])
    return (f"có ký tự điều khiển hoặc ký tự đổi chiều văn bản không in được ({names}); xoá chúng (gõ lại ô, "
            "hoặc dán dạng văn bản thuần)")


def strip_forbidden(text: str) -> str:
    return _FORBIDDEN.sub("", text)


def inline(text: object) -> str:
    """A text printed inline (a name, a reason): line breaks and runs of spaces folded to one space, trimmed."""
    return " ".join(str(text).split())


def too_long(text: str, limit: int) -> str:
    """'' when the text is within limit characters; else the Vietnamese reason."""
    return "" if len(text) <= limit else f"dài {len(text)} ký tự, vượt giới hạn {limit} ký tự; viết ngắn lại"
