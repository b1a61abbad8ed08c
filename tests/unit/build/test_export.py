"""A notebook run by hand, rendered by `par-index render` (build/export.py): the project's three writers, the
document's own title, the agency and sample mark of the run's dataset, refused when never run."""
from __future__ import annotations

import io
import zipfile

import nbformat
import pytest
from conftest import DATASET, make_year
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from pipeline.errors import UsageError
from pipeline.build import export


def notebook(path, params=None, outputs=True):
    nb = new_notebook(cells=[new_markdown_cell("# Các xã của huyện Trà Ôn\n\nBình quân **87,5%**."),
                             new_code_cell("print(1)", outputs=[new_output(
                                 "display_data", data={"text/markdown": "Lĩnh vực 4 giảm *2,41* điểm."})]
                                 if outputs else [])])
    nb.metadata["papermill"] = {"parameters": params or {}, "end_time": "2024-03-12T08:00:00.000001"}
    nbformat.write(nb, path)
    return path


def test_three_documents_with_the_runs_dataset(tmp_path):
    make_year(tmp_path / "data", dataset=DATASET.replace("sample: false", "sample: true"))
    nb = notebook(tmp_path / "run.ipynb", {"year": 2023, "data_dir": str(tmp_path / "data")})
    paths = export.export(nb, tmp_path / "out")
    assert [p.name for p in paths] == ["run.html", "run.pdf", "run.docx"]
    page = paths[0].read_text(encoding="utf-8")
    assert "<title>Các xã của huyện Trà Ôn</title>" in page and "Sở Nội vụ Vĩnh Long" in page
    assert "DỮ LIỆU MẪU" in page and "2,41" in page
    assert paths[1].read_bytes().startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(paths[2].read_bytes())) as z:
        body, core = z.read("word/document.xml").decode(), z.read("docProps/core.xml").decode()
    assert "Lĩnh vực 4 giảm" in body and "Sở Nội vụ Vĩnh Long" in core and "2024-03-12" in core
    again = export.export(nb, tmp_path / "again")  # the same executed notebook, the same files
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]


def test_without_a_dataset_no_agency_is_invented(tmp_path):
    page = export.render(notebook(tmp_path / "x.ipynb")).html
    assert "Sở Nội vụ" not in page and "DỮ LIỆU MẪU" not in page


def test_a_notebook_never_run_is_refused(tmp_path):
    with pytest.raises(UsageError, match="chưa được chạy"):
        export.render(notebook(tmp_path / "x.ipynb", outputs=False))
    with pytest.raises(UsageError, match="không có tệp"):
        export.render(tmp_path / "missing.ipynb")


def test_the_command_line(tmp_path, capsys):
    from pipeline.__main__ import main

    nb = notebook(tmp_path / "run.ipynb")
    assert main(["render", str(nb), "--output-dir", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.split() == [str(tmp_path / "out" / f"run.{f}") for f in ("html", "pdf", "docx")]
    assert main(["render", str(notebook(tmp_path / "blank.ipynb", outputs=False))]) == 2
    assert "chưa được chạy" in capsys.readouterr().err
