"""Each document's identity and the pieces every format shares (HTML and the structured blocks)."""
import datetime as dt

import pandas as pd

from pipeline.config import Band, Dataset, NoticeSeries, ReportMeta, Signer
from pipeline.contract import BLOCK_MIME
from pipeline.report import layout
from pipeline.report.layout import Col

DATASET = Dataset(year=2023, province="Vĩnh Long", agency="Sở Nội vụ", parent_agency="UBND tỉnh Vĩnh Long",
                  place="Vĩnh Long", sample=False,
                  reports={"units": ReportMeta("82/BC-SNV", dt.date(2024, 3, 12))},
                  bands=(Band("Tốt", 80), Band("Yếu", 0)))


def test_without_a_series_a_unit_result_is_an_appendix_of_the_units_report():
    identity = layout.unit_identity(DATASET, 7, "Sở Tư pháp", "III")
    assert (identity.doc_type, identity.number, identity.recipient) == ("", "", "")
    # Distributed on its own, an appendix names its issuer in full: the agency and its province.
    line = "(Kèm theo Báo cáo số 82/BC-SNV ngày 12/3/2024 của Sở Nội vụ tỉnh Vĩnh Long)"
    assert identity.appendix == line
    header = layout.official_header(DATASET, identity, "Kết quả Chỉ số CCHC năm 2023 của Sở Tư pháp")
    assert header.blocks[0] == {"type": "header", "appendix": "PHỤ LỤC III.8",
                                "title": "Kết quả Chỉ số CCHC năm 2023 của Sở\u00a0Tư pháp", "subtitle": line}
    assert "PHỤ LỤC III.8" in header.html and "Số: 82/BC-SNV" not in header.html


def test_titles_never_break_inside_a_proper_name():
    from pipeline.report.fmt import giu_ten

    nb = "\u00a0"
    assert giu_ten("năm 2023 của Sở Công Thương") == f"năm 2023 của Sở{nb}Công{nb}Thương"
    assert giu_ten("trên địa bàn tỉnh Vĩnh Long") == f"trên địa bàn tỉnh{nb}Vĩnh{nb}Long"
    assert giu_ten("thuộc UBND thị xã Bình Minh") == f"thuộc UBND{nb}thị{nb}xã{nb}Bình{nb}Minh"
    assert giu_ten("của UBND xã Thuận An") == f"của UBND{nb}xã{nb}Thuận{nb}An"
    assert giu_ten("Kết quả Chỉ số CCHC") == "Kết quả Chỉ số CCHC"  # acronyms and common words still break
    # A recipient's name with words in lower case is given whole, and kept whole while it is short enough.
    title = "Kết quả Chỉ số cải cách hành chính năm 2023 của Sở Kế hoạch và Đầu tư"
    assert giu_ten(title, ("Sở Kế hoạch và Đầu tư",)).endswith(f"của Sở{nb}Kế{nb}hoạch{nb}và{nb}Đầu{nb}tư")
    assert giu_ten(title).endswith(f"Sở{nb}Kế hoạch và Đầu tư")  # without it, only the capitalised run
    long_name = "Ban Quản lý các khu công nghiệp và khu chế xuất tỉnh"
    assert " và " in giu_ten(f"năm 2023 của {long_name}", (long_name,))  # too long for one line: may break


def test_an_appendix_carries_its_number_and_an_agency_naming_its_province_is_not_named_twice():
    identity = layout.appendix_identity(DATASET, "II")
    assert layout.official_header(DATASET, identity, "Gói").blocks[0]["appendix"] == "PHỤ LỤC II"
    ds = Dataset(**{**DATASET.__dict__, "agency": "Sở Nội vụ tỉnh Vĩnh Long"})
    assert layout.appendix_identity(ds, "II").appendix.endswith("của Sở Nội vụ tỉnh Vĩnh Long)")


def test_with_a_series_each_unit_gets_its_own_numbered_notice():
    ds = Dataset(**{**DATASET.__dict__, "unit_notices": NoticeSeries(95, "TB-SNV", dt.date(2024, 3, 15))})
    identity = layout.unit_identity(ds, 7, "Sở Tư pháp")
    assert (identity.doc_type, identity.number, identity.recipient) == ("THÔNG BÁO", "102/TB-SNV", "Sở Tư pháp")
    block = layout.official_header(ds, identity, "Kết quả").blocks[0]
    assert block["number"] == "Số: 102/TB-SNV" and block["place_date"] == "Vĩnh Long, ngày 15 tháng 3 năm 2024"
    assert block["doc_type"] == "THÔNG BÁO" and block["recipient"] == "Sở Tư pháp"


def test_signature_names_the_signer_and_nothing_of_the_machine():
    ds = Dataset(**{**DATASET.__dict__, "signer": Signer("Trần Văn Minh", "Phó Giám đốc", "Giám đốc")})
    signature = layout.signature_block(ds, "units", ["UBND tỉnh (b/c)", "Lưu: VT, CCHC"])
    assert signature.blocks == ({"type": "signature", "recipients": ["UBND tỉnh (b/c)", "Lưu: VT, CCHC"],
                                 "signer_lines": ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], "name": "Trần Văn Minh"},)
    assert "KT. GIÁM ĐỐC" in signature.html and "Trần Văn Minh" in signature.html and "tự động" not in signature.html
    unsigned = layout.signature_block(DATASET, "national")
    assert unsigned.blocks[0]["signer_lines"] == ["GIÁM ĐỐC"] and unsigned.blocks[0]["name"] == ""
    # The ministry only when dataset.yml sends the report there (reports.national.copies).
    assert "Bộ Nội vụ (b/c)" not in unsigned.blocks[0]["recipients"]
    sent = Dataset(**{**DATASET.__dict__, "reports": {**DATASET.reports, "national": ReportMeta(
        "188/BC-SNV", dt.date(2024, 5, 20), ("Bộ Nội vụ",))}})
    assert layout.signature_block(sent, "national").blocks[0]["recipients"][0] == "Bộ Nội vụ (b/c)"


def test_a_table_carries_its_printed_cells_and_column_widths():
    frame = pd.DataFrame({"ten": ["Sở Giao thông vận tải", "Sở Y tế"], "chi_so": [83.5, 96.29], "ma": ["1.1", "2"]})
    table = layout.table(frame, [Col("ma", "Mã"), Col("ten", "Đơn vị", css="ten"), Col("chi_so", "Chỉ số (%)", "so")],
                         caption="Bảng 1. Thử", css="nho")
    block = table._repr_mimebundle_()[BLOCK_MIME]["blocks"][0]
    assert block["rows"] == [["1.1", "Sở Giao thông vận tải", "83,50"], ["2", "Sở Y tế", "96,29"]]
    # Codes and numbers as wide as their text (header words count, bold: ×1.1); names share the rest.
    assert [c["width"] for c in block["columns"]] == ["3ch", "21fr", "5ch"]
    assert [c["align"] for c in block["columns"]] == ["left", "left", "right"] and block["small"]
    assert "<table" in table._repr_mimebundle_()["text/html"] and repr(table) == "<table>"


def test_a_wide_column_may_set_its_share_of_the_free_width():
    from pipeline.report.layout import Col, column_width

    long = ["Công khai đầy đủ, đúng quy định (tiêu chí Công khai thủ tục hành chính)"]
    assert column_width(Col("ten", "Nội dung", css="ten"), long) == "36fr"  # capped by its length
    assert column_width(Col("ten", "Nội dung", css="ten", share=26), long) == "26fr"
    # Numbers keep their own width: the header word "Điểm", 4 letters x 1.25 = 5 characters.
    assert column_width(Col("so", "Điểm", "so", share=26), ["0,79"]) == "5ch"
