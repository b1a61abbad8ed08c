"""Text rules shared by every stage: how names are compared, folded and turned into file names or ids."""
from __future__ import annotations

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
