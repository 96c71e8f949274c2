"""Generate a large, valid content folder for benchmarks.

    .venv/bin/python bench/make_content.py --procedures 2000 --news 3000 --out /tmp/cchc-content [--seed 1]

The site-wide files (site.yml, hotlines/, plans/, indices.yml, search.yml, pages/, and the
documents library, drafts, reception schedule, holidays and organisation) are copied
from the default content folder (not its questions, progress and agency registry, which
name the default content's own procedures, news items and units); P procedures and N news items are generated
from word pools. Everything is drawn from ``random.Random(seed)``, so the same
arguments always give the same bytes.

Sizes follow the real files in content/: a procedure has several steps, 2–3
methods, 4–8 documents and 2–5 legal bases (about 2.5–4 KB of YAML); a news item
has 3–6 paragraphs and sometimes a list or a small Markdown table (about 1.5–3 KB).
The text is illustrative Vietnamese with diacritics, never real data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CONTENT = REPO / "content"
COPIED = ["site.yml", "indices.yml", "search.yml", "hotlines", "plans", "pages", "documents", "drafts", "reception.yml",
          "holidays.yml", "organisation.yml"]

# --------------------------------------------------------------------------- word pools

PLACES = ["thành phố Lai Châu", "huyện Tam Đường", "huyện Phong Thổ", "huyện Sìn Hồ", "huyện Mường Tè",
          "huyện Than Uyên", "huyện Tân Uyên", "huyện Nậm Nhùn"]
COMMUNES = ["xã Bản Giang", "xã Nậm Loỏng", "xã Sơn Bình", "xã Mường So", "xã Khổng Lào", "xã Pa Tần",
            "xã Nậm Tăm", "xã Ka Lăng", "xã Mường Kim", "xã Trung Đồng", "xã Nậm Hàng", "phường Tân Phong",
            "phường Đoàn Kết", "thị trấn Than Uyên", "thị trấn Sìn Hồ"]
UNITS = ["Sở Nội vụ", "Văn phòng UBND tỉnh", "Sở Tư pháp", "Sở Thông tin và Truyền thông",
         "Sở Kế hoạch và Đầu tư", "Sở Tài nguyên và Môi trường", "Sở Xây dựng", "Sở Y tế",
         "Sở Giáo dục và Đào tạo", "Sở Lao động – Thương binh và Xã hội", "Sở Nông nghiệp và Phát triển nông thôn",
         "Trung tâm Phục vụ hành chính công tỉnh", "Công an tỉnh", "Bảo hiểm xã hội tỉnh",
         *(f"UBND {p}" for p in PLACES)]
CATEGORIES = ["Cải cách thủ tục hành chính", "Chuyển đổi số", "Tuyên truyền cải cách hành chính",
              "Chỉ số cải cách hành chính", "Đối thoại doanh nghiệp", "Cải cách tổ chức bộ máy",
              "Xây dựng chính quyền điện tử", "Cải cách tài chính công"]

FIELDS: dict[str, dict[str, list[str]]] = {
    "Hộ tịch": {"objects": ["khai sinh", "kết hôn", "khai tử", "nhận cha, mẹ, con", "thay đổi, cải chính hộ tịch",
                            "giám hộ", "xác nhận tình trạng hôn nhân", "khai sinh có yếu tố nước ngoài"],
                "verbs": ["Đăng ký", "Đăng ký lại", "Cấp bản sao trích lục", "Ghi vào Sổ hộ tịch việc"],
                "agency": "Ủy ban nhân dân cấp xã", "result": "Trích lục hộ tịch (bản chính)"},
    "Chứng thực": {"objects": ["bản sao từ bản chính giấy tờ, văn bản", "chữ ký trong các giấy tờ, văn bản",
                               "hợp đồng, giao dịch liên quan đến tài sản là động sản", "di chúc",
                               "văn bản thỏa thuận phân chia di sản", "chữ ký người dịch"],
                   "verbs": ["Chứng thực", "Sửa lỗi sai sót trong", "Cấp bản sao có chứng thực"],
                   "agency": "Phòng Tư pháp cấp huyện; Ủy ban nhân dân cấp xã",
                   "result": "Giấy tờ, văn bản đã được chứng thực"},
    "Đất đai": {"objects": ["quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", "biến động đất đai",
                            "chuyển mục đích sử dụng đất", "tách thửa, hợp thửa đất", "gia hạn sử dụng đất"],
                "verbs": ["Đăng ký", "Cấp", "Cấp đổi giấy chứng nhận", "Xác nhận", "Đính chính giấy chứng nhận"],
                "agency": "Văn phòng đăng ký đất đai tỉnh", "result": "Giấy chứng nhận quyền sử dụng đất"},
    "Xây dựng": {"objects": ["giấy phép xây dựng nhà ở riêng lẻ", "giấy phép xây dựng công trình",
                             "giấy phép di dời công trình", "báo cáo nghiên cứu khả thi đầu tư xây dựng",
                             "chứng chỉ hành nghề hoạt động xây dựng"],
                 "verbs": ["Cấp", "Cấp lại", "Điều chỉnh", "Gia hạn", "Thẩm định"],
                 "agency": "Sở Xây dựng; UBND cấp huyện", "result": "Giấy phép xây dựng"},
    "Giáo dục và Đào tạo": {"objects": ["trường mầm non tư thục", "trung tâm ngoại ngữ, tin học",
                                        "bằng tốt nghiệp trung học cơ sở", "chuyển trường đối với học sinh",
                                        "hỗ trợ học tập đối với trẻ mẫu giáo dân tộc thiểu số"],
                            "verbs": ["Cho phép thành lập", "Cấp bản sao", "Xét duyệt", "Công nhận", "Sáp nhập"],
                            "agency": "Sở Giáo dục và Đào tạo; Phòng Giáo dục và Đào tạo cấp huyện",
                            "result": "Quyết định của cơ quan có thẩm quyền"},
    "Y tế": {"objects": ["giấy phép hoạt động khám bệnh, chữa bệnh", "chứng chỉ hành nghề dược",
                         "giấy chứng nhận đủ điều kiện kinh doanh dược", "giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"],
             "verbs": ["Cấp", "Cấp lại", "Điều chỉnh", "Thu hồi"],
             "agency": "Sở Y tế", "result": "Giấy phép, giấy chứng nhận"},
    "Lao động – Tiền lương": {"objects": ["nội quy lao động", "thỏa ước lao động tập thể", "giấy phép lao động cho người nước ngoài",
                                          "hợp đồng cho thuê lại lao động"],
                              "verbs": ["Đăng ký", "Cấp", "Cấp lại", "Gia hạn", "Xác nhận"],
                              "agency": "Sở Lao động – Thương binh và Xã hội", "result": "Văn bản chấp thuận"},
    "Bảo trợ xã hội": {"objects": ["trợ cấp xã hội hằng tháng", "hỗ trợ kinh phí chăm sóc, nuôi dưỡng",
                                   "trợ giúp xã hội khẩn cấp về hỗ trợ làm nhà ở", "hỗ trợ chi phí mai táng",
                                   "giấy xác nhận khuyết tật"],
                       "verbs": ["Thực hiện", "Điều chỉnh, thôi hưởng", "Cấp", "Cấp đổi, cấp lại", "Xác định, xác định lại"],
                       "agency": "Ủy ban nhân dân cấp huyện", "result": "Quyết định hưởng trợ cấp"},
    "Người có công": {"objects": ["chế độ ưu đãi đối với người có công với cách mạng", "trợ cấp một lần",
                                  "giấy chứng nhận thân nhân liệt sĩ", "thăm viếng mộ liệt sĩ", "hỗ trợ cải thiện nhà ở"],
                      "verbs": ["Giải quyết", "Công nhận", "Cấp", "Di chuyển hồ sơ", "Hỗ trợ"],
                      "agency": "Sở Lao động – Thương binh và Xã hội", "result": "Quyết định giải quyết chế độ"},
    "Thành lập và hoạt động doanh nghiệp": {"objects": ["doanh nghiệp tư nhân", "công ty trách nhiệm hữu hạn một thành viên",
                                                        "công ty cổ phần", "chi nhánh, văn phòng đại diện",
                                                        "thay đổi nội dung đăng ký doanh nghiệp", "tạm ngừng kinh doanh"],
                                            "verbs": ["Đăng ký thành lập", "Đăng ký", "Thông báo", "Giải thể", "Chuyển đổi"],
                                            "agency": "Phòng Đăng ký kinh doanh – Sở Kế hoạch và Đầu tư",
                                            "result": "Giấy chứng nhận đăng ký doanh nghiệp"},
    "Hộ kinh doanh": {"objects": ["hộ kinh doanh", "thay đổi nội dung đăng ký hộ kinh doanh", "tạm ngừng kinh doanh hộ kinh doanh"],
                      "verbs": ["Đăng ký thành lập", "Đăng ký", "Chấm dứt hoạt động", "Cấp lại giấy chứng nhận"],
                      "agency": "Phòng Tài chính – Kế hoạch cấp huyện", "result": "Giấy chứng nhận đăng ký hộ kinh doanh"},
    "Đầu tư tại Việt Nam": {"objects": ["chủ trương đầu tư", "giấy chứng nhận đăng ký đầu tư", "dự án đầu tư",
                                        "tiến độ thực hiện dự án đầu tư"],
                            "verbs": ["Chấp thuận", "Cấp", "Điều chỉnh", "Giãn", "Chấm dứt hoạt động"],
                            "agency": "Sở Kế hoạch và Đầu tư", "result": "Quyết định chấp thuận"},
    "Đường bộ": {"objects": ["giấy phép lái xe", "giấy phép lưu hành xe quá tải trọng", "phù hiệu xe kinh doanh vận tải",
                             "giấy phép kinh doanh vận tải bằng xe ô tô"],
                 "verbs": ["Cấp", "Cấp lại", "Đổi", "Cấp mới"],
                 "agency": "Sở Giao thông vận tải", "result": "Giấy phép"},
    "Tài nguyên nước": {"objects": ["giấy phép khai thác nước dưới đất", "giấy phép xả nước thải vào nguồn nước",
                                    "giấy phép thăm dò nước dưới đất"],
                        "verbs": ["Cấp", "Gia hạn, điều chỉnh", "Cấp lại", "Trả lại"],
                        "agency": "Sở Tài nguyên và Môi trường", "result": "Giấy phép tài nguyên nước"},
    "Môi trường": {"objects": ["giấy phép môi trường", "báo cáo đánh giá tác động môi trường",
                               "kế hoạch ứng phó sự cố môi trường"],
                   "verbs": ["Cấp", "Thẩm định", "Cấp đổi", "Điều chỉnh"],
                   "agency": "Sở Tài nguyên và Môi trường; UBND cấp huyện", "result": "Giấy phép môi trường"},
    "Trồng trọt": {"objects": ["giấy chứng nhận đủ điều kiện buôn bán phân bón", "giấy chứng nhận cơ sở sản xuất giống cây trồng",
                               "chuyển đổi cơ cấu cây trồng trên đất trồng lúa"],
                   "verbs": ["Cấp", "Cấp lại", "Đăng ký", "Công nhận"],
                   "agency": "Sở Nông nghiệp và Phát triển nông thôn", "result": "Giấy chứng nhận"},
    "Lâm nghiệp": {"objects": ["khai thác lâm sản", "chuyển loại rừng", "phương án quản lý rừng bền vững",
                               "mã số cơ sở nuôi, trồng các loài thực vật rừng"],
                   "verbs": ["Phê duyệt", "Cấp", "Xác nhận", "Thẩm định"],
                   "agency": "Chi cục Kiểm lâm tỉnh", "result": "Văn bản phê duyệt"},
    "Văn hóa cơ sở": {"objects": ["lễ hội truyền thống", "danh hiệu gia đình văn hóa", "biểu diễn nghệ thuật",
                                  "hoạt động karaoke, vũ trường"],
                      "verbs": ["Đăng ký tổ chức", "Thông báo tổ chức", "Công nhận", "Cấp giấy phép"],
                      "agency": "Sở Văn hóa, Thể thao và Du lịch", "result": "Văn bản chấp thuận"},
    "Du lịch": {"objects": ["giấy phép kinh doanh dịch vụ lữ hành nội địa", "thẻ hướng dẫn viên du lịch",
                            "hạng cơ sở lưu trú du lịch", "điểm du lịch"],
                "verbs": ["Cấp", "Cấp đổi", "Cấp lại", "Công nhận", "Thu hồi"],
                "agency": "Sở Văn hóa, Thể thao và Du lịch", "result": "Giấy phép, quyết định công nhận"},
    "Báo chí, Xuất bản": {"objects": ["giấy phép xuất bản bản tin", "giấy phép hoạt động in", "giấy phép triển lãm",
                                      "xác nhận đăng ký hoạt động cơ sở in"],
                          "verbs": ["Cấp", "Cấp đổi", "Cấp lại", "Thay đổi thông tin"],
                          "agency": "Sở Thông tin và Truyền thông", "result": "Giấy phép"},
    "Lý lịch tư pháp": {"objects": ["Phiếu lý lịch tư pháp số 1", "Phiếu lý lịch tư pháp số 2",
                                    "Phiếu lý lịch tư pháp cho cơ quan, tổ chức"],
                        "verbs": ["Cấp"], "agency": "Sở Tư pháp", "result": "Phiếu lý lịch tư pháp"},
    "Thi đua, khen thưởng": {"objects": ["Bằng khen của Chủ tịch UBND tỉnh", "danh hiệu Chiến sĩ thi đua cấp tỉnh",
                                         "danh hiệu Tập thể lao động xuất sắc", "Giấy khen của Chủ tịch UBND cấp huyện"],
                             "verbs": ["Tặng", "Xét tặng", "Khen thưởng theo chuyên đề", "Khen thưởng đột xuất"],
                             "agency": "Sở Nội vụ (Ban Thi đua – Khen thưởng)", "result": "Quyết định khen thưởng"},
    "Tín ngưỡng, tôn giáo": {"objects": ["sinh hoạt tôn giáo tập trung", "người được phong phẩm hoặc suy cử làm chức sắc",
                                         "hoạt động tín ngưỡng", "mở lớp bồi dưỡng về tôn giáo"],
                             "verbs": ["Đăng ký", "Thông báo", "Đề nghị", "Chấp thuận"],
                             "agency": "Sở Nội vụ; UBND cấp xã", "result": "Văn bản chấp thuận"},
    "An toàn thực phẩm": {"objects": ["giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm", "bản tự công bố sản phẩm",
                                      "giấy xác nhận nội dung quảng cáo thực phẩm"],
                          "verbs": ["Cấp", "Cấp lại", "Tiếp nhận", "Xác nhận"],
                          "agency": "Ban Quản lý an toàn thực phẩm; Sở Công Thương", "result": "Giấy chứng nhận"},
    "Việc làm": {"objects": ["trợ cấp thất nghiệp", "hỗ trợ học nghề", "tạm dừng hưởng trợ cấp thất nghiệp",
                             "chuyển nơi hưởng trợ cấp thất nghiệp"],
                 "verbs": ["Giải quyết hưởng", "Giải quyết", "Thông báo", "Tiếp tục hưởng"],
                 "agency": "Trung tâm Dịch vụ việc làm tỉnh", "result": "Quyết định hưởng trợ cấp"},
}

LIFE_EVENTS = [None, None, None, "Khai sinh", "Kết hôn", "Khai tử", "Khởi sự kinh doanh", "Xây dựng nhà ở",
               "Đăng ký, quản lý cư trú", "Người có công", "Học tập", "Khuyết tật", "Thất nghiệp"]

LEGAL_POOL = [
    ("60/2014/QH13", "2014-11-20", "Quốc hội", "Luật Hộ tịch"),
    ("123/2015/NĐ-CP", "2015-11-15", "Chính phủ", "Quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch"),
    ("04/2020/TT-BTP", "2020-05-28", "Bộ Tư pháp", "Quy định chi tiết thi hành một số điều của Luật Hộ tịch"),
    ("23/2015/NĐ-CP", "2015-02-16", "Chính phủ", "Về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch"),
    ("31/2024/QH15", "2024-01-18", "Quốc hội", "Luật Đất đai"),
    ("50/2014/QH13", "2014-06-18", "Quốc hội", "Luật Xây dựng"),
    ("15/2021/NĐ-CP", "2021-03-03", "Chính phủ", "Quy định chi tiết một số nội dung về quản lý dự án đầu tư xây dựng"),
    ("59/2020/QH14", "2020-06-17", "Quốc hội", "Luật Doanh nghiệp"),
    ("01/2021/NĐ-CP", "2021-01-04", "Chính phủ", "Về đăng ký doanh nghiệp"),
    ("61/2020/QH14", "2020-06-17", "Quốc hội", "Luật Đầu tư"),
    ("45/2019/QH14", "2019-11-20", "Quốc hội", "Bộ luật Lao động"),
    ("20/2021/NĐ-CP", "2021-03-15", "Chính phủ", "Quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội"),
    ("131/2021/NĐ-CP", "2021-12-30", "Chính phủ", "Quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng"),
    ("72/2020/QH14", "2020-11-17", "Quốc hội", "Luật Bảo vệ môi trường"),
    ("28/2023/QH15", "2023-11-28", "Quốc hội", "Luật Tài nguyên nước"),
    ("45/2020/NĐ-CP", "2020-04-08", "Chính phủ", "Về thực hiện thủ tục hành chính trên môi trường điện tử"),
    ("61/2018/NĐ-CP", "2018-04-23", "Chính phủ", "Về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ tục hành chính"),
    ("107/2021/NĐ-CP", "2021-12-06", "Chính phủ", "Sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP"),
    ("42/2022/NĐ-CP", "2022-06-24", "Chính phủ", "Quy định về việc cung cấp thông tin và dịch vụ công trực tuyến của cơ quan nhà nước trên môi trường mạng"),
    ("63/2010/NĐ-CP", "2010-06-08", "Chính phủ", "Về kiểm soát thủ tục hành chính"),
    ("92/2017/NĐ-CP", "2017-09-07", "Chính phủ", "Sửa đổi, bổ sung một số điều của các nghị định liên quan đến kiểm soát thủ tục hành chính"),
    ("85/2019/TT-BTC", "2019-10-29", "Bộ Tài chính", "Hướng dẫn về các khoản phí và lệ phí thuộc thẩm quyền quyết định của Hội đồng nhân dân tỉnh"),
    ("06/2022/QH15", "2022-11-15", "Quốc hội", "Luật Thi đua, khen thưởng"),
    ("98/2023/NĐ-CP", "2023-12-31", "Chính phủ", "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"),
    ("02/2016/QH14", "2016-11-18", "Quốc hội", "Luật Tín ngưỡng, tôn giáo"),
    ("55/2010/QH12", "2010-06-17", "Quốc hội", "Luật An toàn thực phẩm"),
    ("15/2018/NĐ-CP", "2018-02-02", "Chính phủ", "Quy định chi tiết thi hành một số điều của Luật An toàn thực phẩm"),
    ("38/2013/QH13", "2013-11-16", "Quốc hội", "Luật Việc làm"),
    ("09/2017/QH14", "2017-06-19", "Quốc hội", "Luật Du lịch"),
    ("28/2009/QH12", "2009-06-17", "Quốc hội", "Luật Lý lịch tư pháp"),
]

DOC_NAMES = [
    "Đơn đề nghị theo mẫu", "Tờ khai theo mẫu", "Bản sao Căn cước công dân hoặc Căn cước còn giá trị sử dụng",
    "Giấy ủy quyền (trường hợp nộp hồ sơ thay)", "Bản sao giấy chứng nhận đăng ký doanh nghiệp",
    "Bản vẽ thiết kế, mặt bằng vị trí công trình", "Báo cáo kết quả thực hiện trong năm",
    "Văn bản xác nhận của Ủy ban nhân dân cấp xã nơi cư trú", "Giấy tờ chứng minh quyền sử dụng đất",
    "Danh sách thành viên hoặc cổ đông sáng lập", "Điều lệ tổ chức và hoạt động",
    "Bản kê khai thông tin theo mẫu", "Giấy chứng nhận sức khỏe do cơ sở y tế có thẩm quyền cấp",
    "Bản sao văn bằng, chứng chỉ chuyên môn", "Biên bản họp thống nhất của các thành viên",
    "Phương án, kế hoạch thực hiện", "Hợp đồng thuê địa điểm (nếu có)", "Ảnh chân dung cỡ 4 cm x 6 cm",
    "Giấy tờ chứng minh nơi cư trú", "Biên lai nộp phí, lệ phí", "Bản thuyết minh điều kiện cơ sở vật chất",
    "Sơ yếu lý lịch có xác nhận của cơ quan, địa phương", "Giấy xác nhận tình trạng hôn nhân",
    "Quyết định bổ nhiệm người đứng đầu", "Báo cáo đánh giá tác động (nếu có)",
]
FORMS = ["Mẫu số 01 ban hành kèm theo Thông tư số 04/2020/TT-BTP", "Mẫu số 02/ĐK", "Mẫu số 1a ban hành kèm theo Nghị định số 20/2021/NĐ-CP",
         "Phụ lục I ban hành kèm theo Thông tư số 01/2021/TT-BKHĐT", "Mẫu số 03 ban hành kèm theo Nghị định số 15/2021/NĐ-CP"]

APPLICANTS = ["Công dân Việt Nam", "Cá nhân có yêu cầu", "Tổ chức, doanh nghiệp", "Hộ gia đình, cá nhân",
              "Người nước ngoài cư trú tại Việt Nam", "Hợp tác xã, liên hiệp hợp tác xã", "Cơ quan, đơn vị sự nghiệp công lập",
              "Người có công với cách mạng và thân nhân", "Tổ chức tôn giáo, tổ chức tôn giáo trực thuộc"]
CONDITIONS = ["Người đề nghị phải có năng lực hành vi dân sự đầy đủ",
              "Hồ sơ phải được nộp trước ít nhất 20 ngày làm việc kể từ ngày dự kiến thực hiện",
              "Địa điểm phải phù hợp với quy hoạch được cấp có thẩm quyền phê duyệt",
              "Có đủ cơ sở vật chất, trang thiết bị theo quy định",
              "Người đứng đầu có trình độ chuyên môn phù hợp và kinh nghiệm từ 03 năm trở lên",
              "Không thuộc trường hợp bị cấm theo quy định của pháp luật",
              "Đã hoàn thành nghĩa vụ tài chính với Nhà nước (nếu có)"]
TIME_LIMITS = [(1, "Ngay trong ngày tiếp nhận hồ sơ; trường hợp nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo"),
               (3, "03 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), (5, "05 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"),
               (7, "07 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), (10, "10 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"),
               (15, "15 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"), (20, "20 ngày làm việc kể từ ngày nhận đủ hồ sơ hợp lệ"),
               (30, "30 ngày kể từ ngày nhận đủ hồ sơ hợp lệ")]
FEES = ["Không", "Miễn phí", "Lệ phí: 50.000 đồng/hồ sơ", "Lệ phí: 100.000 đồng/giấy phép",
        "Phí thẩm định: 500.000 đồng/hồ sơ", "10.000 đồng/trường hợp", "Lệ phí: 75.000 đồng/lần cấp",
        "Giảm 50% lệ phí khi nộp hồ sơ trực tuyến theo Thông tư của Bộ Tài chính"]

STEP_TEMPLATES = [
    "Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định và nộp tại Bộ phận tiếp nhận và trả kết quả của {agency} hoặc nộp trực tuyến trên Cổng Dịch vụ công.",
    "Công chức tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng dẫn bổ sung, hoàn thiện một lần bằng phiếu hướng dẫn.",
    "Trường hợp hồ sơ đầy đủ, hợp lệ, công chức tiếp nhận lập Giấy tiếp nhận hồ sơ và hẹn trả kết quả, chuyển hồ sơ đến phòng chuyên môn trong ngày làm việc.",
    "Phòng chuyên môn thẩm định hồ sơ; trường hợp cần thiết tổ chức kiểm tra thực tế tại cơ sở trong thời hạn {days} ngày làm việc.",
    "Trường hợp cần lấy ý kiến của cơ quan liên quan, cơ quan giải quyết gửi văn bản lấy ý kiến; cơ quan được hỏi trả lời trong thời hạn {days} ngày làm việc.",
    "Phòng chuyên môn trình lãnh đạo {agency} xem xét, ký văn bản giải quyết; trường hợp không giải quyết thì trả lời bằng văn bản và nêu rõ lý do.",
    "Bộ phận tiếp nhận và trả kết quả trả kết quả cho tổ chức, cá nhân trực tiếp, qua dịch vụ bưu chính công ích hoặc trên Cổng Dịch vụ công.",
    "Kết quả giải quyết được số hóa, cập nhật vào Hệ thống thông tin giải quyết thủ tục hành chính tỉnh và Kho quản lý dữ liệu điện tử của tổ chức, cá nhân.",
    "Người nộp hồ sơ thanh toán phí, lệ phí trực tiếp hoặc trực tuyến qua chức năng thanh toán của Cổng Dịch vụ công quốc gia.",
]

# --------------------------------------------------------------------------- news pools

NEWS_TITLES = [
    "{unit} tổ chức hội nghị triển khai nhiệm vụ cải cách hành chính năm {year}",
    "Tập huấn kỹ năng hướng dẫn dịch vụ công trực tuyến cho tổ công nghệ số cộng đồng {commune}",
    "Kiểm tra công tác cải cách hành chính tại {place}",
    "Đối thoại doanh nghiệp về thủ tục hành chính quý {quarter}/{year}",
    "{place} đẩy mạnh thanh toán trực tuyến phí, lệ phí thủ tục hành chính",
    "Sơ kết công tác cải cách hành chính {period} năm {year}",
    "Hưởng ứng Ngày Chuyển đổi số quốc gia năm {year} tại {place}",
    "Công bố kết quả Chỉ số cải cách hành chính năm {prev} của các sở, ngành, địa phương",
    "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực {field} năm {year}",
    "Tuyên truyền cải cách hành chính qua hệ thống truyền thanh cơ sở ở {commune}",
    "Trung tâm Phục vụ hành chính công tỉnh tiếp nhận hơn {count} hồ sơ trong {period}",
    "Triển khai điều tra xã hội học đo lường sự hài lòng của người dân năm {year}",
    "Cuộc thi tìm hiểu về cải cách hành chính năm {year} thu hút đông đảo người tham gia",
    "{unit} công khai danh mục thủ tục hành chính lĩnh vực {field}",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính tại {place} đạt {pct}%",
    "Hội nghị giải pháp nâng cao chỉ số PAR INDEX, SIPAS năm {year}",
]
PERIODS = ["quý I", "6 tháng đầu năm", "9 tháng", "quý III", "năm"]
TAGS = ["cải cách hành chính", "dịch vụ công trực tuyến", "chuyển đổi số", "một cửa", "thủ tục hành chính",
        "PAR INDEX", "SIPAS", "đối thoại", "tuyên truyền", "số hóa", "thanh toán trực tuyến", "đề án 06",
        "tổ công nghệ số cộng đồng", "kiểm tra", "sơ kết", "hội nghị"]

PARAGRAPHS = [
    "Thực hiện Kế hoạch cải cách hành chính năm {year} của UBND tỉnh, {unit} đã chủ động xây dựng kế hoạch, phân công nhiệm vụ cụ thể cho từng phòng, đơn vị; gắn kết quả cải cách hành chính với đánh giá, xếp loại cán bộ, công chức, viên chức cuối năm.",
    "Trong {period}, toàn tỉnh tiếp nhận {count} hồ sơ thủ tục hành chính, trong đó {pct}% hồ sơ được tiếp nhận trực tuyến; tỷ lệ hồ sơ giải quyết đúng hạn đạt {pct2}%. Không có hồ sơ giải quyết quá hạn phải xin lỗi người dân, doanh nghiệp.",
    "Tại hội nghị, đại biểu đã thảo luận những khó khăn, vướng mắc khi thực hiện thủ tục hành chính trên môi trường điện tử như: hạ tầng mạng ở vùng sâu, vùng xa còn hạn chế; một bộ phận người dân chưa có tài khoản định danh điện tử; việc ký số của doanh nghiệp nhỏ còn lúng túng.",
    "Phát biểu kết luận, lãnh đạo {unit} đề nghị các cơ quan, đơn vị tiếp tục quán triệt tinh thần lấy người dân, doanh nghiệp làm trung tâm; tăng cường kỷ luật, kỷ cương hành chính; kịp thời phát hiện, xử lý nghiêm các hành vi nhũng nhiễu, gây phiền hà trong giải quyết thủ tục hành chính.",
    "Đoàn kiểm tra đã làm việc trực tiếp tại Bộ phận một cửa của {place} và {commune}, kiểm tra ngẫu nhiên {count2} hồ sơ thủ tục hành chính đã giải quyết, việc niêm yết công khai thủ tục, số điện thoại đường dây nóng và hộp thư góp ý.",
    "Tổ công nghệ số cộng đồng ở thôn, bản đã hướng dẫn người dân cài đặt ứng dụng VNeID, kích hoạt tài khoản định danh điện tử mức 2, thực hành nộp hồ sơ đăng ký khai sinh, đăng ký thường trú và thanh toán lệ phí trực tuyến bằng điện thoại thông minh.",
    "Theo kết quả công bố, năm {prev} tỉnh đạt {score} điểm Chỉ số cải cách hành chính, xếp thứ {rank}/63 tỉnh, thành phố; Chỉ số hài lòng về sự phục vụ hành chính đạt {pct}%. Một số chỉ số thành phần như cải cách thủ tục hành chính và xây dựng chính quyền số có bước cải thiện rõ rệt.",
    "Các doanh nghiệp đề nghị rút ngắn thời gian thẩm định hồ sơ đất đai, xây dựng; công khai tiến độ giải quyết trên Cổng Dịch vụ công; tăng cường phối hợp giữa các sở, ngành trong giải quyết thủ tục liên thông. Các kiến nghị đã được lãnh đạo các sở trả lời trực tiếp tại hội nghị.",
    "Công tác tuyên truyền được thực hiện bằng nhiều hình thức phong phú: đăng tải tin, bài trên cổng thông tin điện tử; phát bản tin trên hệ thống truyền thanh cơ sở bằng tiếng phổ thông và tiếng dân tộc Mông, Dao, Thái; lồng ghép trong các buổi họp thôn, bản và sinh hoạt của các đoàn thể.",
    "Thời gian tới, {unit} sẽ tiếp tục rà soát, kiến nghị đơn giản hóa thủ tục hành chính, nâng cao chất lượng dịch vụ công trực tuyến toàn trình, đẩy mạnh số hóa hồ sơ, kết quả giải quyết và tái sử dụng dữ liệu đã số hóa, phấn đấu hoàn thành các chỉ tiêu của Kế hoạch năm {year}.",
    "Người dân có thể phản ánh, kiến nghị về quy định hành chính và thái độ phục vụ của cán bộ qua đường dây nóng, hộp thư điện tử hoặc trực tiếp tại Trung tâm Phục vụ hành chính công tỉnh. Mọi phản ánh đều được tiếp nhận, xử lý và trả lời công khai.",
    "Ông Lò Văn {name}, người dân {commune}, cho biết: trước đây mỗi lần làm thủ tục phải đi hơn 20 km lên huyện, nay chỉ cần nộp hồ sơ trên điện thoại, kết quả được trả qua bưu điện tận nhà, vừa tiết kiệm thời gian vừa giảm chi phí đi lại.",
]
LIST_INTROS = ["Các nhiệm vụ trọng tâm gồm:", "Một số kết quả nổi bật:", "Hội nghị thống nhất các giải pháp:",
               "Đoàn kiểm tra đề nghị:"]
LIST_ITEMS = [
    "nâng tỷ lệ hồ sơ trực tuyến toàn trình lên trên {pct}%",
    "100% kết quả giải quyết thủ tục hành chính được số hóa và trả bản điện tử",
    "niêm yết công khai, đầy đủ thủ tục hành chính tại Bộ phận một cửa các cấp",
    "tổ chức tập huấn kỹ năng số cho {count2} thành viên tổ công nghệ số cộng đồng",
    "duy trì đường dây nóng tiếp nhận phản ánh, kiến nghị trong giờ hành chính",
    "xử lý dứt điểm hồ sơ tồn đọng, quá hạn trước ngày {day}/{month}",
    "đưa nội dung cải cách hành chính vào sinh hoạt định kỳ của chi bộ, đoàn thể",
    "rà soát, cắt giảm ít nhất {pct3}% thời gian giải quyết thủ tục nội bộ",
    "thí điểm trả kết quả qua dịch vụ bưu chính công ích miễn phí tại {commune}",
]


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _slug(text: str) -> str:
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _fill(rng: random.Random, template: str, year: int, **extra: object) -> str:
    values: dict[str, object] = {
        "unit": rng.choice(UNITS), "place": rng.choice(PLACES), "commune": rng.choice(COMMUNES),
        "year": year, "prev": year - 1, "quarter": rng.choice(["I", "II", "III", "IV"]),
        "period": rng.choice(PERIODS), "field": rng.choice(list(FIELDS)).lower(),
        "count": f"{rng.randint(2, 95)}.{rng.randint(0, 999):03d}", "count2": rng.randint(12, 240),
        "pct": rng.randint(45, 98), "pct2": f"{rng.randint(95, 99)},{rng.randint(0, 9)}", "pct3": rng.randint(10, 30),
        "score": f"{rng.randint(80, 91)},{rng.randint(10, 99)}", "rank": rng.randint(5, 50),
        "name": rng.choice(["Thào", "Hùng", "Pản", "Chơ", "Sình", "Thắm", "Vàng"]),
        "day": rng.randint(1, 28), "month": rng.randint(1, 12),
    }
    values.update(extra)
    return _nfc(template.format(**values))


# --------------------------------------------------------------------------- procedures


def _legal(rng: random.Random, k: int) -> list[dict]:
    return [{"number": n, "date": d, "issuer": i, "title": t} for n, d, i, t in rng.sample(LEGAL_POOL, k)]


def procedure(rng: random.Random, code: str) -> dict:
    field = rng.choice(list(FIELDS))
    spec = FIELDS[field]
    verb, obj = rng.choice(spec["verbs"]), rng.choice(spec["objects"])
    name = f"Thủ tục {verb[0].lower()}{verb[1:]} {obj}"  # «Thủ tục đăng ký khai sinh», like the real files
    qualifier = rng.random()
    if qualifier < 0.25:
        name += f" cấp {rng.choice(['tỉnh', 'huyện', 'xã'])}"
    elif qualifier < 0.35:
        name += " có yếu tố nước ngoài"
    agency = spec["agency"]
    levels = sorted(rng.sample(["tỉnh", "huyện", "xã"], rng.choice([1, 1, 1, 2])),
                    key=["tỉnh", "huyện", "xã"].index)
    online = rng.choice(["toàn trình", "toàn trình", "một phần", "một phần", "không trực tuyến"])
    days, limit = rng.choice(TIME_LIMITS)
    step_pool = STEP_TEMPLATES[:]
    steps = [_nfc(s.format(agency=agency.split(";")[0], days=rng.randint(2, 10)))
             for s in [step_pool[0]] + sorted(rng.sample(step_pool[1:], rng.randint(3, 6)), key=step_pool.index)]
    kinds = ["trực tiếp", "trực tuyến", "bưu chính"]
    if online == "không trực tuyến":
        kinds.remove("trực tuyến")
    chosen = kinds if len(kinds) == 2 else rng.sample(kinds, rng.choice([2, 3]))
    methods = []
    for kind in sorted(chosen, key=["trực tiếp", "trực tuyến", "bưu chính"].index):
        methods.append({
            "kind": kind, "time_limit": limit, "time_limit_days": days, "fees": rng.choice(FEES),
            "description": {"trực tuyến": "Nộp trên Cổng Dịch vụ công quốc gia hoặc Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
                            "bưu chính": "Gửi hồ sơ và nhận kết quả qua dịch vụ bưu chính công ích"}.get(kind)
            if rng.random() < 0.6 else None,
        })
    documents = []
    for doc_name in rng.sample(DOC_NAMES, rng.randint(4, 8)):
        documents.append({
            "name": doc_name,
            "form": rng.choice(FORMS) if doc_name.startswith(("Đơn", "Tờ khai", "Bản kê khai")) else None,
            "originals": rng.choice([0, 1, 1, 1]), "copies": rng.choice([0, 0, 1, 2]),
            "note": rng.choice([None, None, "Bản chính hoặc bản sao có chứng thực",
                                "Xuất trình bản chính để đối chiếu", "Trường hợp nộp trực tuyến thì nộp bản điện tử"]),
        })
    published = None
    if rng.random() < 0.4:
        year = rng.randint(2021, 2025)
        published = {"number": f"{rng.randint(100, 2999)}/QĐ-UBND", "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                     "issuer": "Chủ tịch UBND tỉnh Lai Châu", "title": f"Về việc công bố danh mục thủ tục hành chính lĩnh vực {field.lower()}"}
    checked = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 900))
    return {
        "code": code,
        "name": _nfc(name),
        "field": field,
        "levels": levels,
        "online_level": online,
        "published_by": published,
        "life_event": rng.choice(LIFE_EVENTS),
        "steps": steps,
        "methods": methods,
        "documents": documents,
        "document_sets": rng.choice([1, 1, 1, 2]),
        "applicants": rng.sample(APPLICANTS, rng.randint(1, 3)),
        "agency": agency,
        "result": spec["result"],
        "conditions": rng.sample(CONDITIONS, rng.choice([0, 1, 2, 3])),
        "legal_basis": _legal(rng, rng.randint(2, 5)),
        "portal_url": None,
        "online_url": None,
        "in_force": rng.random() > 0.03,
        "last_checked": checked.isoformat(),
        "illustrative": True,
    }


# --------------------------------------------------------------------------- news


def _table(rng: random.Random, year: int) -> str:
    rows = ["| Chỉ tiêu | Kế hoạch | Thực hiện |", "|---|---:|---:|"]
    for label in rng.sample(["Tỷ lệ hồ sơ trực tuyến", "Tỷ lệ hồ sơ đúng hạn", "Tỷ lệ số hóa kết quả",
                             "Tỷ lệ thanh toán trực tuyến", "Mức độ hài lòng", "Số thủ tục được cắt giảm"], rng.randint(2, 4)):
        plan = rng.randint(50, 95)
        rows.append(f"| {label} năm {year} | {plan}% | {min(100, plan + rng.randint(-8, 9))},{rng.randint(0, 9)}% |")
    return "\n".join(rows)


def news_item(rng: random.Random, when: dt.datetime) -> tuple[dict, str]:
    year = when.year
    title = _fill(rng, rng.choice(NEWS_TITLES), year)
    paragraphs = [_fill(rng, p, year) for p in rng.sample(PARAGRAPHS, rng.randint(3, 6))]
    extra = rng.random()
    if extra < 0.3:
        items = [_fill(rng, i, year) for i in rng.sample(LIST_ITEMS, rng.randint(3, 5))]
        block = rng.choice(LIST_INTROS) + "\n\n" + "\n".join(f"- {i};" for i in items[:-1]) + f"\n- {items[-1]}."
        paragraphs.insert(rng.randint(1, len(paragraphs)), block)
    elif extra < 0.45:
        paragraphs.insert(rng.randint(1, len(paragraphs)), "Kết quả một số chỉ tiêu chính:\n\n" + _table(rng, year))
    meta = {
        "title": title,
        "date": when.isoformat(),
        "unit": rng.choice(UNITS),
        "category": rng.choice(CATEGORIES),
        "summary": paragraphs[0].split(";")[0].rstrip(".") + ".",
        "image": None,
        "tags": rng.sample(TAGS, rng.randint(1, 4)),
        "illustrative": True,
    }
    return meta, "\n\n".join(paragraphs) + "\n"


def _dump(data: dict) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


# --------------------------------------------------------------------------- folder


def make(out: Path, procedures: int, news: int, seed: int = 1, source: Path = DEFAULT_CONTENT) -> Path:
    """Write a complete content folder to ``out`` (replacing it) and return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in COPIED:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, out / name)
        elif src.is_file():
            shutil.copyfile(src, out / name)
    if (source / "assets").is_dir():
        shutil.copytree(source / "assets", out / "assets")
    (out / "procedures").mkdir()
    for i in range(1, procedures + 1):
        code = f"{1 + (i - 1) // 999_999}.{(i - 1) % 999_999 + 1:06d}"
        (out / "procedures" / f"{code}.yml").write_text(_dump(procedure(rng, code)), encoding="utf-8")
    (out / "news").mkdir()
    start = dt.datetime(2019, 1, 1, 7, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    span_minutes = 7 * 365 * 24 * 60  # 2019 to the end of 2025
    names: set[str] = set()
    for _ in range(news):
        minutes = rng.randrange(span_minutes)
        when = start + dt.timedelta(minutes=minutes)
        when = when.replace(hour=rng.randint(7, 17), minute=rng.choice([0, 15, 30, 45]))
        meta, body = news_item(rng, when)
        stem = f"{when:%Y-%m-%d}-{'-'.join(_slug(meta['title']).split('-')[:10])}"
        name, n = stem, 2
        while name in names:
            name, n = f"{stem}-{n}", n + 1
        names.add(name)
        (out / "news" / f"{name}.md").write_text(f"---\n{_dump(meta)}---\n\n{body}", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--procedures", type=int, required=True)
    ap.add_argument("--news", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", type=Path, default=DEFAULT_CONTENT, help="content folder to copy site files from")
    args = ap.parse_args(argv)
    if args.out.resolve() == args.source.resolve() or args.out.resolve() == REPO:
        print("refusing to overwrite the source content folder", file=sys.stderr)
        return 2
    make(args.out, args.procedures, args.news, args.seed, args.source)
    print(f"wrote {args.procedures} procedures and {args.news} news items to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
