"""The two seeded checklists: the ANTT enterprise check and the service-use survey."""


def item(code, text_vi, text_en, kind="yes_no_na", critical=False, photo=False, choices=None):
    """One checklist item in the published template shape."""
    row = {
        "code": code,
        "text_vi": text_vi,
        "text_en": text_en,
        "type": kind,
        "critical": critical,
        "photo_required": photo,
    }
    if choices:
        row["choices"] = [{"value": v, "label_vi": vi, "label_en": en} for v, vi, en in choices]
    return row


def section(code, title_vi, title_en, items):
    """One section of items."""
    return {"code": code, "title_vi": title_vi, "title_en": title_en, "items": items}


GUARD_ORG = [
    ("in_house", "Doanh nghiệp tự tổ chức", "Own guard force"),
    ("service", "Thuê công ty dịch vụ bảo vệ", "Security service company"),
    ("mixed", "Kết hợp cả hai", "Both"),
]
RATING = [
    ("good", "Tốt", "Good"),
    ("fair", "Khá", "Fair"),
    ("average", "Trung bình", "Average"),
    ("weak", "Yếu", "Weak"),
]

ANTT_SECTIONS = [
    section(
        "A",
        "Phương án bảo đảm an ninh trật tự",
        "Public order and security (ANTT) plan",
        [
            item(
                "A.1",
                "Doanh nghiệp có phương án bảo đảm ANTT được phê duyệt",
                "The enterprise has an approved ANTT plan",
                critical=True,
                photo=True,
            ),
            item(
                "A.2",
                "Phương án được rà soát, cập nhật trong 12 tháng qua",
                "The plan was reviewed and updated in the last 12 months",
            ),
            item(
                "A.3",
                "Có quy chế phối hợp với Công an địa phương và Ban quản lý các KCN",
                "Has a coordination agreement with the local police and the park authority",
            ),
            item(
                "A.4",
                "Người phụ trách công tác ANTT (họ tên, chức vụ)",
                "Person responsible for security (name, title)",
                kind="text",
            ),
        ],
    ),
    section(
        "B",
        "Lực lượng bảo vệ",
        "Security guard force",
        [
            item("B.1", "Số bảo vệ chuyên trách", "Number of dedicated guards", kind="number"),
            item("B.2", "Số bảo vệ bán chuyên trách", "Number of part-time guards", kind="number"),
            item(
                "B.3",
                "Hình thức tổ chức lực lượng bảo vệ",
                "How the guard force is organised",
                kind="choice",
                choices=GUARD_ORG,
            ),
            item(
                "B.4",
                "Bảo vệ được tập huấn nghiệp vụ theo quy định",
                "Guards have had the required professional training",
                critical=True,
            ),
            item(
                "B.5",
                "Bảo vệ được trang bị công cụ hỗ trợ theo quy định",
                "Guards carry the permitted support equipment",
                photo=True,
            ),
            item(
                "B.6",
                "Có sổ giao ca, sổ theo dõi người và phương tiện ra vào",
                "Keeps a shift log and a register of people and vehicles entering",
            ),
        ],
    ),
    section(
        "C",
        "Phòng cháy, chữa cháy",
        "Fire prevention and fighting",
        [
            item(
                "C.1",
                "Có văn bản thẩm duyệt, nghiệm thu về PCCC",
                "Has the fire safety design approval and acceptance",
                critical=True,
            ),
            item(
                "C.2",
                "Có đội PCCC cơ sở được huấn luyện nghiệp vụ",
                "Has an on-site fire team with training",
            ),
            item(
                "C.3",
                "Phương tiện chữa cháy đầy đủ, còn hạn sử dụng",
                "Fire-fighting equipment is complete and in date",
                photo=True,
            ),
            item(
                "C.4",
                "Lối thoát nạn thông thoáng, có đèn chỉ dẫn",
                "Escape routes are clear and signposted",
                critical=True,
                photo=True,
            ),
            item(
                "C.5",
                "Đã thực tập phương án chữa cháy trong năm",
                "A fire drill was held this year",
            ),
        ],
    ),
    section(
        "D",
        "Chấp hành pháp luật lao động",
        "Labour law compliance",
        [
            item("D.1", "Tổng số lao động", "Total workforce", kind="number"),
            item(
                "D.2",
                "Ký hợp đồng lao động với toàn bộ người lao động",
                "Every worker has a labour contract",
                critical=True,
            ),
            item(
                "D.3",
                "Đóng bảo hiểm xã hội đầy đủ, đúng hạn",
                "Social insurance is paid in full and on time",
            ),
            item("D.4", "Có nội quy lao động đã đăng ký", "Has registered labour regulations"),
        ],
    ),
    section(
        "E",
        "Lao động nước ngoài",
        "Foreign workers",
        [
            item("E.1", "Số lao động nước ngoài", "Number of foreign workers", kind="number"),
            item(
                "E.2",
                "Lao động nước ngoài có giấy phép lao động hoặc xác nhận miễn",
                "Foreign workers hold work permits or exemptions",
                critical=True,
            ),
            item(
                "E.3",
                "Khai báo tạm trú cho người nước ngoài đầy đủ",
                "Temporary residence of foreigners is declared",
                critical=True,
            ),
        ],
    ),
    section(
        "F",
        "Tổ chức công đoàn",
        "Trade union",
        [
            item("F.1", "Có công đoàn cơ sở", "Has a grassroots trade union"),
            item(
                "F.2",
                "Tổ chức đối thoại định kỳ với người lao động",
                "Holds regular dialogue with workers",
            ),
        ],
    ),
    section(
        "G",
        "Pháp luật bảo vệ môi trường",
        "Environmental law",
        [
            item(
                "G.1",
                "Có giấy phép môi trường hoặc hồ sơ môi trường được phê duyệt",
                "Has an environmental permit or approved environmental file",
                critical=True,
            ),
            item(
                "G.2",
                "Có hợp đồng thu gom, xử lý chất thải nguy hại",
                "Has a contract for hazardous waste collection",
                photo=True,
            ),
        ],
    ),
    section(
        "H",
        "Vụ việc từ lần kiểm tra trước",
        "Incidents since the last visit",
        [
            item("H.1", "Số vụ trộm cắp tài sản", "Thefts", kind="number"),
            item("H.2", "Số vụ tranh chấp lao động", "Labour disputes", kind="number"),
            item(
                "H.3",
                "Số vụ đình công, ngừng việc tập thể",
                "Strikes and work stoppages",
                kind="number",
            ),
            item(
                "H.4",
                "Số trường hợp chủ doanh nghiệp bỏ trốn, nợ lương",
                "Owners absconding or wages unpaid",
                kind="number",
            ),
            item("H.5", "Mô tả vụ việc nổi bật", "Notable incidents", kind="text"),
        ],
    ),
    section(
        "I",
        "Mô hình tự quản, tự phòng, tự bảo vệ",
        "Self-management, self-prevention, self-protection model",
        [
            item(
                "I.1",
                'Xây dựng mô hình "tự quản, tự phòng, tự bảo vệ"',
                "Runs the self-management, self-prevention, self-protection model",
            ),
            item(
                "I.2",
                "Tổ chức Ngày hội toàn dân bảo vệ ANTQ trong năm",
                "Held the national security festival day this year",
            ),
            item(
                "I.3",
                "Đánh giá chung công tác bảo đảm ANTT",
                "Overall rating of security work",
                kind="choice",
                choices=RATING,
            ),
        ],
    ),
]

PROVIDER = [
    ("in_house", "Doanh nghiệp tự tổ chức", "The enterprise itself"),
    ("bac_ninh", "Nhà cung cấp trong tỉnh Bắc Ninh", "A provider in Bắc Ninh"),
    ("other_province", "Nhà cung cấp ngoài tỉnh", "A provider from another province"),
    ("none", "Không sử dụng", "Not used"),
]
SATISFACTION = [
    ("satisfied", "Hài lòng", "Satisfied"),
    ("neutral", "Bình thường", "Neutral"),
    ("unsatisfied", "Chưa hài lòng", "Not satisfied"),
]
HOUSING = [
    ("dormitory", "Ký túc xá của doanh nghiệp", "Company dormitory"),
    ("social_housing", "Nhà ở xã hội, nhà ở công nhân", "Social or worker housing"),
    ("rented", "Người lao động tự thuê trọ", "Workers rent privately"),
    ("none", "Không có nhu cầu", "No need"),
]

SURVEY_SECTIONS = [
    section(
        "A",
        "Dịch vụ bảo vệ",
        "Security services",
        [
            item(
                "A.1",
                "Đơn vị cung cấp dịch vụ bảo vệ",
                "Who provides security",
                kind="choice",
                choices=PROVIDER,
            ),
            item("A.2", "Tên nhà cung cấp", "Provider name", kind="text"),
            item("A.3", "Mức độ hài lòng", "Satisfaction", kind="choice", choices=SATISFACTION),
        ],
    ),
    section(
        "B",
        "Dịch vụ vận tải đưa đón công nhân",
        "Worker transport",
        [
            item(
                "B.1",
                "Đơn vị cung cấp dịch vụ vận tải",
                "Who provides transport",
                kind="choice",
                choices=PROVIDER,
            ),
            item("B.2", "Số công nhân được đưa đón", "Workers transported", kind="number"),
        ],
    ),
    section(
        "C",
        "Cung ứng suất ăn, lương thực, thực phẩm",
        "Meals and food supply",
        [
            item(
                "C.1",
                "Đơn vị cung cấp suất ăn công nghiệp",
                "Who provides meals",
                kind="choice",
                choices=PROVIDER,
            ),
            item("C.2", "Số suất ăn mỗi ngày", "Meals per day", kind="number"),
            item(
                "C.3",
                "Nhà cung cấp có giấy chứng nhận an toàn thực phẩm",
                "The provider holds a food safety certificate",
                critical=True,
            ),
        ],
    ),
    section(
        "D",
        "Nhà ở cho người lao động",
        "Worker housing",
        [
            item(
                "D.1",
                "Người lao động chủ yếu ở tại",
                "Where most workers live",
                kind="choice",
                choices=HOUSING,
            ),
            item("D.2", "Số người lao động ở ký túc xá", "Workers in dormitories", kind="number"),
        ],
    ),
    section(
        "E",
        "Dịch vụ y tế",
        "Health services",
        [
            item(
                "E.1",
                "Đơn vị cung cấp dịch vụ y tế, khám sức khỏe",
                "Who provides health care",
                kind="choice",
                choices=PROVIDER,
            ),
            item(
                "E.2",
                "Khám sức khỏe định kỳ cho người lao động",
                "Workers have periodic health checks",
            ),
        ],
    ),
]

TEMPLATES = [
    {
        "code": "antt_check",
        "kind": "check",
        "title_vi": "Kiểm tra công tác bảo đảm an ninh trật tự tại doanh nghiệp",
        "title_en": "Inspection of public order and security at the enterprise",
        "sections": ANTT_SECTIONS,
    },
    {
        "code": "service_survey",
        "kind": "survey",
        "title_vi": "Khảo sát tình hình sử dụng dịch vụ của nhà cung ứng trong tỉnh",
        "title_en": "Survey of the use of local suppliers' services",
        "sections": SURVEY_SECTIONS,
    },
]


def all_items(sections: list) -> list[dict]:
    """Every item of a template, in order."""
    return [it for sec in sections for it in sec["items"]]
