"""Markdown and notebook outputs → document blocks (what the PDF and DOCX writers read)."""
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from pipeline.contract import BLOCK_MIME
from pipeline.render.document import blocks_of, markdown_blocks


def test_headings_paragraphs_and_lists_with_emphasis():
    blocks = markdown_blocks("## I. KẾT QUẢ\n\nNăm 2023, **Sở A** đạt *83,54%*.\n\n- một\n- **hai**\n")
    assert blocks == [
        {"type": "heading", "level": 2, "text": "I. KẾT QUẢ"},
        {"type": "paragraph", "runs": [{"text": "Năm 2023, ", "bold": False, "italic": False},
                                       {"text": "Sở A", "bold": True, "italic": False},
                                       {"text": " đạt ", "bold": False, "italic": False},
                                       {"text": "83,54%", "bold": False, "italic": True},
                                       {"text": ".", "bold": False, "italic": False}]},
        {"type": "list", "ordered": False, "items": [[{"text": "một", "bold": False, "italic": False}],
                                                     [{"text": "hai", "bold": True, "italic": False}]]},
    ]


def test_escaped_text_from_inputs_comes_back_as_written():
    # narrative escapes untrusted text for Markdown (fmt.md): HTML entities and backslashes
    blocks = markdown_blocks("Đơn vị Sở A &amp; B \\*x\\* &lt;b&gt;")
    assert blocks[0]["runs"] == [{"text": "Đơn vị Sở A & B *x* <b>", "bold": False, "italic": False}]


def test_notebook_blocks_in_reading_order_without_code():
    structured = {"type": "table", "caption": "Bảng 1. T", "columns": [{"label": "A"}], "rows": [["1"]]}
    nb = new_notebook(cells=[
        new_markdown_cell("## I. PHẦN MỘT"),
        new_code_cell("x = 1", outputs=[
            new_output("stream", name="stdout", text="bỏ qua"),
            new_output("display_data", data={"text/html": "<table/>", BLOCK_MIME: structured}),
            new_output("display_data", data={"text/markdown": "Câu **một**."}),
            new_output("execute_result", data={"text/plain": "<Chart>"}, execution_count=1),
        ]),
    ])
    assert [b["type"] for b in blocks_of(nb)] == ["heading", "table", "paragraph"]
    assert blocks_of(nb)[1] == structured
