"""The analysts' starter notebook runs as shipped (from its own folder, as Jupyter would run it)."""
from __future__ import annotations

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow  # builds the sample province or starts the command line


def test_explore_notebook_runs_and_answers(built_2023):
    import papermill as pm

    folder = ROOT / "notebooks" / "explore"
    nb = pm.execute_notebook(str(folder / "getting-started.ipynb"), None, cwd=str(folder), progress_bar=False,
                             kernel_name="python3", parameters={"data_dir": str(built_2023.data_dir)})
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "".join(o.get("data", {}).get("text/plain", "") for o in outputs)
    assert "tang_diem" in text and "ten_don_vi" in text
