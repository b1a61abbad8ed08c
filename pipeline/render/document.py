"""An executed notebook → the blocks of its document: one content that the PDF and DOCX writers share.

Jupyter outputs may carry several representations of one display. The report stage gives each of
its displays (official header, tables, signature, …) a structured one under `BLOCK_MIME` beside its
HTML; nbconvert shows the HTML, the writers here read the structure. Markdown cells and Markdown
outputs are parsed into the same blocks, charts come as SVG (the Word writer
draws a PNG from it; a plain matplotlib output may bring its own).

Block types (plain JSON): header, heading, paragraph, list, table, key_values, figure, note,
signature, contents, page_break. A paragraph or list item is a list of runs {text, bold, italic}.
"""
from __future__ import annotations

import html

import mistune
from nbformat import NotebookNode

from ..contract import BLOCK_MIME

_markdown = mistune.create_markdown(renderer=None)


def blocks_of(nb: NotebookNode) -> list[dict]:
    """Every block of an executed notebook, in reading order (code and stderr never shown)."""
    blocks: list[dict] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            blocks += markdown_blocks(cell.source)
        elif cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") in ("display_data", "execute_result"):
                    blocks += output_blocks(output.get("data", {}))
    return blocks


def output_blocks(data: dict) -> list[dict]:
    if BLOCK_MIME in data:
        value = data[BLOCK_MIME]
        return list(value["blocks"]) if "blocks" in value else [value]
    if "text/markdown" in data:
        return markdown_blocks(_text(data["text/markdown"]))
    if "image/svg+xml" in data:
        return [{"type": "figure", "svg": _text(data["image/svg+xml"]), "png": data.get("image/png", ""),
                 "caption": ""}]
    return []


def markdown_blocks(text: str | list[str]) -> list[dict]:
    """Headings, paragraphs and lists of a Markdown text (what narrative and markdown cells use)."""
    blocks: list[dict] = []
    for token in _markdown(_text(text)):
        kind = token["type"]
        if kind == "heading":
            blocks.append({"type": "heading", "level": token["attrs"]["level"], "text": plain(token["children"])})
        elif kind == "paragraph":
            blocks.append({"type": "paragraph", "runs": runs(token["children"])})
        elif kind == "list":
            items = [runs([c for child in item["children"] for c in child.get("children", [])])
                     for item in token["children"]]
            blocks.append({"type": "list", "ordered": token["attrs"].get("ordered", False), "items": items})
        elif kind == "block_quote":
            blocks += markdown_blocks_from_tokens(token["children"])
    return blocks


def markdown_blocks_from_tokens(tokens: list[dict]) -> list[dict]:
    return [{"type": "paragraph", "runs": runs(t.get("children", []))} for t in tokens if t["type"] == "paragraph"]


def runs(tokens: list[dict], bold: bool = False, italic: bool = False) -> list[dict]:
    """Inline Markdown → runs of text with their emphasis; HTML entities decoded."""
    out: list[dict] = []
    for t in tokens:
        kind = t["type"]
        if kind in ("text", "codespan", "inline_html"):
            text = html.unescape(t.get("raw", ""))
            if kind == "inline_html":  # narrative output never carries tags; keep the text, drop the markup
                text = ""
            if text:
                out.append({"text": text, "bold": bold, "italic": italic})
        elif kind == "strong":
            out += runs(t["children"], True, italic)
        elif kind == "emphasis":
            out += runs(t["children"], bold, True)
        elif kind in ("softbreak", "linebreak"):
            out.append({"text": " " if kind == "softbreak" else "\n", "bold": bold, "italic": italic})
        elif "children" in t:  # links and the like: their text
            out += runs(t["children"], bold, italic)
    return merge_runs(out)


def merge_runs(items: list[dict]) -> list[dict]:
    merged: list[dict] = []
    for run in items:
        if merged and merged[-1]["bold"] == run["bold"] and merged[-1]["italic"] == run["italic"]:
            merged[-1] = {**merged[-1], "text": merged[-1]["text"] + run["text"]}
        else:
            merged.append(dict(run))
    return merged


def plain(tokens: list[dict]) -> str:
    return "".join(r["text"] for r in runs(tokens))


def _text(value: str | list[str]) -> str:
    return "".join(value) if isinstance(value, list) else value
