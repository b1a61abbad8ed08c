"""The landing page (output/<YEAR>/index.html) in a real browser: headless Chromium driven through the DevTools
protocol (websocket-client). Typing without accents finds a unit, a district filter shows its communes, an
empty result says so, columns sort, the year's data warnings are listed. Every expectation is computed here
from the processed CSVs. Skipped, with the reason shown, where no Chromium is installed (`.ci/run` installs it).

Screenshots go to $PAR_SCREENSHOTS when set (else the test's temporary folder)."""
from __future__ import annotations

import base64
import csv
import json
import os
import re
import shutil
import subprocess
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the sample province and starts a browser

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "chrome", "headless_shell")


def plain(text: str) -> str:
    """What a person types without diacritics (written here apart from pipeline.text.fold)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


class Page:
    """One tab of a headless Chromium, spoken to through the DevTools protocol."""

    def __init__(self, binary: str, profile: Path):
        import websocket

        self.process = subprocess.Popen(
            [binary, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
             "--remote-debugging-port=0", f"--user-data-dir={profile}", "--window-size=1100,900", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        port = None
        deadline = time.monotonic() + 30
        while port is None and time.monotonic() < deadline:
            line = self.process.stderr.readline()
            found = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            port = found and found[1]
        assert port, "Chromium did not open its DevTools port"
        targets = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10).read())
        page = next(t for t in targets if t["type"] == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self.next_id = 0
        self.call("Page.enable")

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                assert "error" not in message, message
                return message.get("result", {})

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        for _ in range(200):
            if self.js("document.readyState") == "complete":
                return
            time.sleep(0.05)

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        shot = self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.process.terminate()
            self.process.wait(10)


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    binary = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if binary is None:
        pytest.skip("no Chromium on this machine: the landing page's browser test did not run "
                    "(install it: apt-get install chromium; .ci/run does)")
    p = Page(binary, tmp_path_factory.mktemp("chromium"))
    yield p
    p.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("PAR_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


VISIBLE = """Array.from(document.querySelectorAll('tr[data-tim]')).filter(r => r.offsetParent !== null)
  .map(r => Array.from(r.cells).map(c => c.textContent.trim()))"""


def type_in(page: Page, text: str) -> None:
    page.js(f"var b = document.getElementById('loc'); b.value = {json.dumps(text)};"
            "b.dispatchEvent(new Event('input', {bubbles: true}))")


def choose_district(page: Page, code: str) -> None:
    page.js(f"var s = document.getElementById('huyen'); s.value = {json.dumps(code)};"
            "s.dispatchEvent(new Event('change', {bubbles: true}))")


def test_landing_page_in_a_browser(page, built_2023, shots):
    out = built_2023.report_dir
    processed = built_2023.data_dir / "processed" / "2023"
    units = rows(processed / "tong-hop-don-vi.csv")
    names = {u["ma_don_vi"]: u["ten_don_vi"] for u in units}
    page.open((out / "index.html").as_uri())
    assert len(page.js(VISIBLE)) == len(units)
    assert page.js("document.getElementById('khong-thay').hidden") is True

    # Typed without accents, in any case: exactly the units whose name or code holds it.
    type_in(page, "TU phap")
    want = sorted(u["ten_don_vi"] for u in units if "tu phap" in plain(u["ten_don_vi"] + " " + u["ma_don_vi"]))
    shown = page.js(VISIBLE)
    assert "Sở Tư pháp" in want and sorted(r[1] for r in shown) == want
    page.js("document.getElementById('loc').scrollIntoView()")
    page.screenshot(shots / "1-tim-tu-phap.png")
    type_in(page, "trung quoi")
    assert [r[1] for r in page.js(VISIBLE)] == [u["ten_don_vi"] for u in units if "trung quoi" in plain(u["ten_don_vi"])]
    type_in(page, "xa khong co")  # no unit: the page says so
    assert page.js(VISIBLE) == [] and page.js("document.getElementById('khong-thay').hidden") is False
    page.js("document.getElementById('loc').scrollIntoView()")
    page.screenshot(shots / "2-khong-tim-thay.png")
    type_in(page, "")

    # A district's communes, with the district named in their row.
    district = "huyen-tra-on"
    choose_district(page, district)
    shown = page.js(VISIBLE)
    communes = sorted(names[u["ma_don_vi"]] for u in units if u["don_vi_cap_tren"] == district)
    assert communes and sorted(r[1] for r in shown) == communes
    assert {r[4] for r in shown} == {names[district].removeprefix("UBND ")}
    page.js("document.getElementById('loc').scrollIntoView()")
    page.screenshot(shots / "3-loc-theo-huyen.png")
    type_in(page, "an")  # both filters at once
    assert sorted(r[1] for r in page.js(VISIBLE)) == [c for c in communes if "an" in plain(c)]
    type_in(page, "")
    choose_district(page, "")

    # Sorting the communes by index: ascending, then descending on a second click.
    communes_table = "document.querySelectorAll('table.don-vi')[2]"
    header = page.js(f"Array.from({communes_table}.tHead.rows[0].cells).map(c => c.textContent)")
    assert header[:5] == ["Hạng", "Đơn vị", "Chỉ số", "Xếp loại", "Cấp huyện"]
    xa = sorted(((float(u["chi_so"]), u["ten_don_vi"]) for u in units if u["nhom"] == "xa"))
    order = f"Array.from({communes_table}.tBodies[0].rows).map(r => r.cells[1].textContent.trim())"
    values = f"Array.from({communes_table}.tBodies[0].rows).map(r => parseFloat(r.cells[2].dataset.v))"
    page.js(f"{communes_table}.tHead.rows[0].cells[2].click()")
    assert page.js(values) == sorted(v for v, _ in xa)
    assert page.js(order)[0] in {n for v, n in xa if v == xa[0][0]}
    page.js(f"{communes_table}.tHead.rows[0].cells[2].click()")
    assert page.js(values) == sorted((v for v, _ in xa), reverse=True)
    page.js(f"{communes_table}.scrollIntoView()")
    page.screenshot(shots / "4-sap-xep-chi-so.png")

    # The year's warnings, each with its file, sheet and cell.
    warnings = rows(processed / "canh-bao.csv")
    listed = page.js("Array.from(document.querySelectorAll('table.canh-bao tbody tr'))"
                     ".map(r => Array.from(r.cells).map(c => c.textContent))")
    assert warnings and sorted(map(tuple, listed)) == sorted(
        (w["file"], w["sheet"], w["cell"], w["code"], w["message"]) for w in warnings)
    page.js("document.getElementById('canh-bao').scrollIntoView()")
    page.screenshot(shots / "5-canh-bao.png")
