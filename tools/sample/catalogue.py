"""Texts of the sample province: areas, criteria, units, notes. Data only; sample.py uses it."""
from __future__ import annotations

# Area code → (name, leading agency, criteria). A criterion: (text, components); a component:
# (text, weight, method). Weights split the area's maximum; XHH components take survey points.
AREAS: dict[str, tuple[str, str, list[tuple[str, list[tuple[str, float, str]]]]]] = {
    "1": ("Công tác chỉ đạo, điều hành cải cách hành chính", "Sở Nội vụ", [
        ("Kế hoạch cải cách hành chính năm", [
            ("Ban hành kế hoạch đúng thời hạn", 1.0, "TĐ"),
            ("Mức độ thực hiện kế hoạch", 2.0, "TĐ")]),
        ("Báo cáo cải cách hành chính", [
            ("Số lượng, thời hạn báo cáo", 1.0, "TĐ")]),
        ("Kiểm tra công tác cải cách hành chính", [
            ("Tỷ lệ đơn vị được kiểm tra", 1.0, "TĐ"),
            ("Xử lý vấn đề phát hiện qua kiểm tra", 1.0, "TĐ")]),
        ("Công tác tuyên truyền cải cách hành chính", [
            ("Mức độ thực hiện kế hoạch tuyên truyền", 1.0, "TĐ")]),
        ("Sự quan tâm của người đứng đầu", [
            ("Đánh giá của cán bộ, công chức về chỉ đạo CCHC", 2.0, "XHH")]),
    ]),
    "2": ("Cải cách thể chế", "Sở Tư pháp", [
        ("Xây dựng, ban hành văn bản quy phạm pháp luật", [
            ("Thực hiện kế hoạch xây dựng văn bản", 1.5, "TĐ"),
            ("Lấy ý kiến đối tượng chịu tác động", 1.0, "TĐ")]),
        ("Rà soát, kiểm tra văn bản", [
            ("Rà soát, hệ thống hóa văn bản", 1.5, "TĐ"),
            ("Xử lý văn bản trái pháp luật", 1.0, "TĐ")]),
        ("Tổ chức thi hành pháp luật", [
            ("Theo dõi thi hành pháp luật", 1.5, "TĐ"),
            ("Phổ biến, giáo dục pháp luật", 1.5, "TĐ")]),
    ]),
    "3": ("Cải cách thủ tục hành chính", "Văn phòng UBND tỉnh", [
        ("Công khai thủ tục hành chính", [
            ("Công khai đầy đủ, đúng quy định", 1.5, "TĐ"),
            ("Cập nhật trên Cổng dịch vụ công", 1.5, "TĐ")]),
        ("Thực hiện cơ chế một cửa, một cửa liên thông", [
            ("Tỷ lệ hồ sơ giải quyết đúng hạn", 2.5, "TĐ"),
            ("Xin lỗi người dân khi trễ hạn", 1.0, "TĐ"),
            ("Số hóa hồ sơ, kết quả giải quyết", 2.0, "TĐ")]),
        ("Tiếp nhận, xử lý phản ánh, kiến nghị", [
            ("Xử lý phản ánh, kiến nghị đúng hạn", 1.5, "TĐ")]),
        ("Sự hài lòng về giải quyết thủ tục hành chính", [
            ("Mức độ hài lòng của người dân, tổ chức", 3.0, "XHH")]),
    ]),
    "4": ("Cải cách tổ chức bộ máy hành chính", "Sở Nội vụ", [
        ("Sắp xếp tổ chức bộ máy", [
            ("Thực hiện quy định về cơ cấu tổ chức", 2.0, "TĐ"),
            ("Quy chế làm việc của cơ quan", 1.0, "TĐ")]),
        ("Quản lý biên chế", [
            ("Sử dụng biên chế được giao", 2.0, "TĐ"),
            ("Thực hiện tinh giản biên chế", 1.5, "TĐ")]),
        ("Phân cấp, ủy quyền", [
            ("Thực hiện nhiệm vụ được phân cấp", 1.5, "TĐ")]),
    ]),
    "5": ("Cải cách chế độ công vụ", "Sở Nội vụ", [
        ("Vị trí việc làm", [
            ("Bố trí công chức theo vị trí việc làm", 2.0, "TĐ")]),
        ("Tuyển dụng, sử dụng, đánh giá công chức", [
            ("Tuyển dụng đúng quy định", 1.5, "TĐ"),
            ("Đánh giá, xếp loại công chức", 1.5, "TĐ")]),
        ("Đào tạo, bồi dưỡng", [
            ("Thực hiện kế hoạch đào tạo, bồi dưỡng", 2.0, "TĐ")]),
        ("Kỷ luật, kỷ cương hành chính", [
            ("Chấp hành kỷ luật, kỷ cương", 1.5, "TĐ"),
            ("Ý thức, trách nhiệm công vụ", 2.0, "XHH")]),
    ]),
    "6": ("Cải cách tài chính công", "Sở Tài chính", [
        ("Quản lý, sử dụng ngân sách", [
            ("Giải ngân vốn đầu tư công", 2.0, "TĐ"),
            ("Thực hiện quy chế chi tiêu nội bộ", 1.5, "TĐ")]),
        ("Quản lý, sử dụng tài sản công", [
            ("Thực hiện quy định về tài sản công", 1.5, "TĐ")]),
        ("Thực hiện cơ chế tự chủ", [
            ("Tự chủ tài chính của đơn vị sự nghiệp", 2.0, "TĐ"),
            ("Thực hành tiết kiệm, chống lãng phí", 1.0, "TĐ")]),
    ]),
    "7": ("Xây dựng và phát triển chính quyền điện tử, chính quyền số", "Sở Thông tin và Truyền thông", [
        ("Hạ tầng và ứng dụng công nghệ thông tin", [
            ("Sử dụng hệ thống quản lý văn bản điều hành", 1.5, "TĐ"),
            ("Sử dụng chữ ký số", 1.5, "TĐ")]),
        ("Cung cấp dịch vụ công trực tuyến", [
            ("Tỷ lệ hồ sơ trực tuyến toàn trình", 2.0, "TĐ"),
            ("Thanh toán trực tuyến", 1.0, "TĐ")]),
        ("An toàn thông tin", [
            ("Bảo đảm an toàn thông tin mạng", 1.0, "TĐ")]),
        ("Tiện ích của dịch vụ công trực tuyến", [
            ("Đánh giá của người dân về dịch vụ công trực tuyến", 3.0, "XHH")]),
    ]),
    "8": ("Tác động của cải cách hành chính", "Sở Nội vụ", [
        ("Tác động đến người dân, tổ chức", [
            ("Tiếp cận thông tin về chính sách, pháp luật", 4.0, "XHH"),
            ("Sự hài lòng về cung ứng dịch vụ công", 5.0, "XHH")]),
        ("Tác động đến quản lý nhà nước", [
            ("Chất lượng tham mưu của cơ quan", 5.0, "XHH"),
            ("Tính minh bạch, trách nhiệm giải trình", 5.0, "XHH")]),
        ("Tác động đến phát triển kinh tế - xã hội", [
            ("Thực hiện chỉ tiêu phát triển kinh tế - xã hội", 3.0, "XHH"),
            ("Thu hút đầu tư, phát triển doanh nghiệp", 2.0, "TĐ")]),
    ]),
}

DEDUCTIONS = ("Điểm trừ", "Sở Nội vụ", [
    ("Để xảy ra sai phạm bị xử lý kỷ luật", 2.0),
    ("Chậm, không thực hiện nhiệm vụ CCHC được giao", 2.0),
    ("Để xảy ra khiếu nại, phản ánh đông người", 1.0),
])

# Area maxima per group (sum 100) and the deduction area's code: groups weigh areas differently.
GROUPS = {
    "so": {"ten": "Sở, ban, ngành tỉnh", "areas": [10, 10, 16, 10, 13, 10, 12, 19], "tru": "9"},
    "huyen": {"ten": "UBND huyện, thị xã, thành phố", "areas": [9, 11, 17, 9, 12, 9, 11, 22], "tru": "9"},
    "xa": {"ten": "UBND xã, phường, thị trấn", "areas": [10, 8, 18, 8, 12, 8, 10, 26], "tru": "D"},
}

DEPARTMENTS = [
    "Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Kế hoạch và Đầu tư", "Sở Công Thương",
    "Sở Nông nghiệp và Phát triển nông thôn", "Sở Giao thông vận tải", "Sở Xây dựng",
    "Sở Tài nguyên và Môi trường", "Sở Thông tin và Truyền thông", "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch", "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Y tế",
    "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Ban Dân tộc", "Ban Quản lý các khu công nghiệp", "Sở Ngoại vụ",
]
# Districts: (kind, place, number of communes, what the communes are called).
DISTRICTS = [
    ("thành phố", "Vĩnh Long", 11, "Phường"), ("thị xã", "Bình Minh", 8, "Phường"), ("huyện", "Long Hồ", 15, "Xã"),
    ("huyện", "Mang Thít", 12, "Xã"), ("huyện", "Vũng Liêm", 18, "Xã"), ("huyện", "Tam Bình", 16, "Xã"),
    ("huyện", "Trà Ôn", 13, "Xã"), ("huyện", "Bình Tân", 9, "Xã"),
]
NAME_FIRST = ["Tân", "Long", "Phú", "Mỹ", "Hòa", "An", "Bình", "Thạnh", "Trung", "Hiếu", "Quới", "Thiện",
              "Nhơn", "Lục", "Tường", "Xuân", "Đông", "Thuận", "Ngãi", "Lộc", "Hựu", "Phước", "Song", "Tích"]
NAME_SECOND = ["Hòa", "An", "Phú", "Lộc", "Thành", "Bình", "Mỹ", "Hưng", "Thuận", "Long", "Phước", "Quới",
               "Nhơn", "Thạnh", "Hội", "Lợi", "Ninh", "Thiện", "Đức", "Xuân", "Khánh", "Trung"]

LOSS_NOTES = [
    "Ban hành chậm so với thời hạn quy định",
    "Thiếu tài liệu kiểm chứng",
    "Tài liệu kiểm chứng chưa đầy đủ",
    "Tỷ lệ hồ sơ trễ hạn còn cao",
    "Chưa thực hiện đầy đủ nội dung kế hoạch",
    "Số liệu báo cáo chưa khớp với hệ thống",
    "Thực hiện chưa đúng quy trình",
]
# What an appraiser writes when a component loses points, and what units answer, per component: the
# note must fit the criterion (a late-processing note on a legal-documents criterion reads as fake).
# Each entry: (appraisal notes, explanations). The generator draws from LOSS_NOTES / EXPLANATIONS as
# before (the same random stream, so the same scores) and prints the entry of the same position here.
COMPONENT_NOTES: dict[str, tuple[list[str], list[str]]] = {
    "Ban hành kế hoạch đúng thời hạn": (
        ["Kế hoạch CCHC năm ban hành sau thời hạn quy định", "Kế hoạch chưa xác định rõ kết quả, sản phẩm"],
        ["Chờ hướng dẫn của tỉnh nên ban hành chậm"]),
    "Mức độ thực hiện kế hoạch": (
        ["Còn nhiệm vụ trong kế hoạch chưa hoàn thành", "Chưa có tài liệu kiểm chứng kết quả một số nhiệm vụ"],
        ["Một số nhiệm vụ chuyển sang năm sau do thay đổi chủ trương"]),
    "Số lượng, thời hạn báo cáo": (
        ["Báo cáo CCHC quý gửi chậm", "Báo cáo thiếu số liệu theo đề cương hướng dẫn"],
        ["Do thay đổi nhân sự phụ trách"]),
    "Tỷ lệ đơn vị được kiểm tra": (
        ["Số đơn vị được kiểm tra thấp hơn kế hoạch", "Không có báo cáo kết quả kiểm tra"],
        ["Đã kiểm tra lồng ghép, đơn vị bổ sung biên bản"]),
    "Xử lý vấn đề phát hiện qua kiểm tra": (
        ["Chưa có văn bản chỉ đạo xử lý sau kiểm tra", "Chưa theo dõi kết quả khắc phục sau kiểm tra"],
        ["Đã khắc phục trong quý IV"]),
    "Mức độ thực hiện kế hoạch tuyên truyền": (
        ["Chưa thực hiện đủ hình thức tuyên truyền theo kế hoạch", "Thiếu tài liệu kiểm chứng hoạt động tuyên truyền"],
        ["Tuyên truyền lồng ghép trong hội nghị, đơn vị bổ sung hình ảnh"]),
    "Thực hiện kế hoạch xây dựng văn bản": (
        ["Tham mưu ban hành văn bản QPPL chậm so với kế hoạch", "Còn văn bản trong chương trình chưa ban hành"],
        ["Do chờ văn bản của Trung ương"]),
    "Lấy ý kiến đối tượng chịu tác động": (
        ["Dự thảo chưa đăng tải lấy ý kiến đủ 30 ngày", "Thiếu báo cáo tổng hợp, giải trình ý kiến góp ý"],
        ["Văn bản ban hành theo trình tự rút gọn"]),
    "Rà soát, hệ thống hóa văn bản": (
        ["Chưa công bố danh mục văn bản hết hiệu lực", "Kết quả rà soát chưa đầy đủ"],
        ["Đơn vị đã bổ sung danh mục rà soát"]),
    "Xử lý văn bản trái pháp luật": (
        ["Chưa xử lý văn bản có nội dung trái pháp luật đã được phát hiện", "Xử lý chưa đúng thời hạn kiến nghị"],
        ["Đang trình cấp có thẩm quyền bãi bỏ"]),
    "Theo dõi thi hành pháp luật": (
        ["Chưa ban hành kế hoạch theo dõi thi hành pháp luật", "Báo cáo theo dõi thi hành pháp luật gửi chậm"],
        ["Đơn vị đã bổ sung kế hoạch"]),
    "Phổ biến, giáo dục pháp luật": (
        ["Chưa thực hiện đủ nội dung kế hoạch phổ biến, giáo dục pháp luật", "Thiếu tài liệu kiểm chứng"],
        ["Tổ chức lồng ghép tại các cuộc họp"]),
    "Công khai đầy đủ, đúng quy định": (
        ["Còn thủ tục hành chính chưa niêm yết công khai tại Bộ phận Một cửa", "Niêm yết thủ tục đã hết hiệu lực"],
        ["Đã cập nhật niêm yết sau kiểm tra"]),
    "Cập nhật trên Cổng dịch vụ công": (
        ["Chưa cập nhật đầy đủ thủ tục hành chính trên Cổng dịch vụ công", "Cập nhật chậm so với quyết định công bố"],
        ["Lỗi kết nối hệ thống, đã cập nhật bổ sung"]),
    "Tỷ lệ hồ sơ giải quyết đúng hạn": (
        ["Tỷ lệ hồ sơ trễ hạn còn cao", "Số liệu trên Hệ thống thông tin giải quyết TTHC ghi nhận hồ sơ quá hạn"],
        ["Hồ sơ trễ hạn do phải lấy ý kiến cơ quan liên quan"]),
    "Xin lỗi người dân khi trễ hạn": (
        ["Không có văn bản xin lỗi đối với hồ sơ trễ hạn", "Văn bản xin lỗi không ghi thời hạn trả kết quả mới"],
        ["Đơn vị đã gửi văn bản xin lỗi bổ sung"]),
    "Số hóa hồ sơ, kết quả giải quyết": (
        ["Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC chưa đạt chỉ tiêu", "Chưa số hóa kết quả giải quyết TTHC"],
        ["Thiếu thiết bị số hóa tại Bộ phận Một cửa"]),
    "Xử lý phản ánh, kiến nghị đúng hạn": (
        ["Còn phản ánh, kiến nghị xử lý quá hạn", "Chưa công khai kết quả xử lý phản ánh, kiến nghị"],
        ["Phản ánh, kiến nghị phức tạp, cần xác minh"]),
    "Thực hiện quy định về cơ cấu tổ chức": (
        ["Cơ cấu phòng, ban chưa đúng quy định", "Chưa kiện toàn chức năng, nhiệm vụ theo quy định mới"],
        ["Đang chờ phê duyệt đề án sắp xếp"]),
    "Quy chế làm việc của cơ quan": (
        ["Chưa sửa đổi quy chế làm việc theo quy định mới", "Quy chế làm việc ban hành chậm"],
        ["Đơn vị đã ban hành quy chế sửa đổi"]),
    "Sử dụng biên chế được giao": (
        ["Sử dụng vượt số biên chế được giao", "Chưa báo cáo tình hình sử dụng biên chế"],
        ["Do tiếp nhận công chức theo điều động"]),
    "Thực hiện tinh giản biên chế": (
        ["Chưa đạt tỷ lệ tinh giản biên chế theo lộ trình", "Hồ sơ tinh giản biên chế gửi chậm"],
        ["Lộ trình tinh giản được thực hiện đến năm sau"]),
    "Thực hiện nhiệm vụ được phân cấp": (
        ["Chưa báo cáo kết quả thực hiện nhiệm vụ được phân cấp", "Thực hiện nhiệm vụ được phân cấp chưa đúng thời hạn"],
        ["Đơn vị đã bổ sung báo cáo"]),
    "Bố trí công chức theo vị trí việc làm": (
        ["Còn công chức bố trí chưa đúng vị trí việc làm được phê duyệt", "Chưa cập nhật bản mô tả vị trí việc làm"],
        ["Đang điều chỉnh đề án vị trí việc làm"]),
    "Tuyển dụng đúng quy định": (
        ["Tuyển dụng chưa đúng quy trình thông báo", "Chưa báo cáo kết quả tuyển dụng"],
        ["Tuyển dụng theo chỉ tiêu được giao bổ sung"]),
    "Đánh giá, xếp loại công chức": (
        ["Đánh giá, xếp loại công chức chưa đúng thời hạn", "Tỷ lệ xếp loại hoàn thành xuất sắc vượt quy định"],
        ["Đơn vị đã điều chỉnh kết quả xếp loại"]),
    "Thực hiện kế hoạch đào tạo, bồi dưỡng": (
        ["Số lượt công chức được bồi dưỡng thấp hơn kế hoạch", "Chưa cử công chức tham gia lớp bồi dưỡng bắt buộc"],
        ["Lớp bồi dưỡng chuyển sang năm sau"]),
    "Chấp hành kỷ luật, kỷ cương": (
        ["Có công chức vi phạm kỷ luật, kỷ cương hành chính", "Chưa tự kiểm tra việc chấp hành kỷ luật, kỷ cương"],
        ["Đơn vị đã xử lý và chấn chỉnh"]),
    "Giải ngân vốn đầu tư công": (
        ["Tỷ lệ giải ngân vốn đầu tư công chưa đạt kế hoạch", "Giải ngân chậm so với tiến độ được giao"],
        ["Vướng mắc giải phóng mặt bằng"]),
    "Thực hiện quy chế chi tiêu nội bộ": (
        ["Quy chế chi tiêu nội bộ chưa sửa đổi theo quy định mới", "Chưa công khai quy chế chi tiêu nội bộ"],
        ["Đơn vị đã sửa đổi quy chế"]),
    "Thực hiện quy định về tài sản công": (
        ["Chưa ban hành quy chế quản lý, sử dụng tài sản công", "Báo cáo kê khai tài sản công gửi chậm"],
        ["Đơn vị đã bổ sung quy chế"]),
    "Tự chủ tài chính của đơn vị sự nghiệp": (
        ["Chưa phê duyệt phương án tự chủ tài chính của đơn vị sự nghiệp", "Mức tự chủ chưa đạt lộ trình"],
        ["Phương án tự chủ đang trình phê duyệt"]),
    "Thực hành tiết kiệm, chống lãng phí": (
        ["Chưa ban hành chương trình thực hành tiết kiệm, chống lãng phí", "Báo cáo kết quả tiết kiệm gửi chậm"],
        ["Đơn vị đã bổ sung báo cáo"]),
    "Sử dụng hệ thống quản lý văn bản điều hành": (
        ["Tỷ lệ văn bản trao đổi dưới dạng điện tử chưa đạt chỉ tiêu", "Còn xử lý văn bản ngoài hệ thống"],
        ["Hệ thống gián đoạn trong thời gian nâng cấp"]),
    "Sử dụng chữ ký số": (
        ["Tỷ lệ văn bản có ký số chưa đạt chỉ tiêu", "Còn lãnh đạo chưa sử dụng chữ ký số cá nhân"],
        ["Chứng thư số cấp chậm"]),
    "Tỷ lệ hồ sơ trực tuyến toàn trình": (
        ["Tỷ lệ hồ sơ trực tuyến toàn trình thấp", "Còn dịch vụ công toàn trình không phát sinh hồ sơ trực tuyến"],
        ["Người dân chưa quen nộp hồ sơ trực tuyến"]),
    "Thanh toán trực tuyến": (
        ["Tỷ lệ thanh toán trực tuyến chưa đạt chỉ tiêu", "Chưa tích hợp thanh toán trực tuyến cho thủ tục có phí"],
        ["Người dân chủ yếu nộp phí trực tiếp"]),
    "Bảo đảm an toàn thông tin mạng": (
        ["Chưa phê duyệt cấp độ an toàn hệ thống thông tin", "Chưa có phương án ứng cứu sự cố"],
        ["Hồ sơ cấp độ đang trình thẩm định"]),
    "Thu hút đầu tư, phát triển doanh nghiệp": (
        ["Số doanh nghiệp thành lập mới thấp hơn chỉ tiêu", "Chưa có báo cáo đánh giá môi trường đầu tư"],
        ["Đơn vị đã bổ sung số liệu"]),
}
# Components appraised by another agency than their area's lead.
COMPONENT_AGENCY = {"Thu hút đầu tư, phát triển doanh nghiệp": "Sở Kế hoạch và Đầu tư"}

SECOND_APPRAISAL_NOTES = ["Đã bổ sung tài liệu kiểm chứng sau giải trình", "Chấp nhận giải trình của đơn vị"]
# The same notes when the second appraisal still leaves points lost (same positions).
SECOND_APPRAISAL_PARTIAL = ["Tài liệu bổ sung sau giải trình mới đáp ứng một phần yêu cầu",
                            "Chấp nhận một phần giải trình của đơn vị"]
EXPLANATIONS = ["Đơn vị đã bổ sung văn bản", "Do thay đổi nhân sự phụ trách", "Đã khắc phục trong quý IV"]

# National PAR INDEX: the 63 provinces before 2025 and their socio-economic regions.
REGIONS = {
    "Trung du và miền núi phía Bắc": [
        "Hà Giang", "Cao Bằng", "Bắc Kạn", "Tuyên Quang", "Lào Cai", "Điện Biên", "Lai Châu", "Sơn La",
        "Yên Bái", "Hòa Bình", "Thái Nguyên", "Lạng Sơn", "Bắc Giang", "Phú Thọ"],
    "Đồng bằng sông Hồng": [
        "Hà Nội", "Vĩnh Phúc", "Bắc Ninh", "Quảng Ninh", "Hải Dương", "Hải Phòng", "Hưng Yên", "Thái Bình",
        "Hà Nam", "Nam Định", "Ninh Bình"],
    "Bắc Trung Bộ và duyên hải miền Trung": [
        "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế", "Đà Nẵng", "Quảng Nam",
        "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận", "Bình Thuận"],
    "Tây Nguyên": ["Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng"],
    "Đông Nam Bộ": ["Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"],
    "Đồng bằng sông Cửu Long": [
        "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Kiên Giang",
        "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau"],
}
# Areas of the national index under Decision 876/QĐ-BNV (sample maxima, sum 100).
NATIONAL_AREAS = [
    ("Công tác chỉ đạo, điều hành cải cách hành chính", 8.5),
    ("Xây dựng và tổ chức thực hiện văn bản QPPL tại tỉnh", 6.5),
    ("Cải cách thủ tục hành chính", 13.5),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", 9.0),
    ("Cải cách chế độ công vụ", 13.5),
    ("Cải cách tài chính công", 10.0),
    ("Xây dựng, phát triển Chính quyền điện tử, Chính quyền số", 11.0),
    ("Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH", 28.0),
]

# The 2025 reform: 34 provinces after the merger of July 2025 (the name kept is the merged one's).
REGIONS_2025 = {
    "Trung du và miền núi phía Bắc": ["Cao Bằng", "Lạng Sơn", "Lai Châu", "Điện Biên", "Sơn La", "Tuyên Quang",
                                      "Lào Cai", "Thái Nguyên", "Phú Thọ"],
    "Đồng bằng sông Hồng": ["Hà Nội", "Quảng Ninh", "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình"],
    "Bắc Trung Bộ và duyên hải miền Trung": ["Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Trị", "Huế", "Đà Nẵng",
                                             "Quảng Ngãi", "Khánh Hòa"],
    "Tây Nguyên": ["Gia Lai", "Đắk Lắk", "Lâm Đồng"],
    "Đông Nam Bộ": ["Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh"],
    "Đồng bằng sông Cửu Long": ["Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang"],
}
# A different area list for the reformed index (sample): seven areas, the last one merging
# digital government with the impact survey. Each entry: the old areas whose criteria it takes.
NATIONAL_AREAS_2025 = [
    ("Công tác chỉ đạo, điều hành cải cách hành chính", 9.0, ["1"]),
    ("Cải cách thể chế", 8.0, ["2"]),
    ("Cải cách thủ tục hành chính", 14.0, ["3"]),
    ("Cải cách tổ chức bộ máy hành chính nhà nước", 10.0, ["4"]),
    ("Cải cách chế độ công vụ", 12.0, ["5"]),
    ("Cải cách tài chính công", 9.0, ["6"]),
    ("Chính phủ số và tác động của cải cách hành chính", 38.0, ["7", "8"]),
]
