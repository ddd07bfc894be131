"""Word lists and generators for plausible (fictional) Vietnamese demo names."""

import random
import uuid

# (code, name, operating, area_ha, enterprises) -- the 16 parks of Bắc Ninh, 12 operating.
PARKS = [
    ("QV1", "KCN Quế Võ", True, 611.0, 240),
    ("TS", "KCN Tiên Sơn", True, 349.0, 180),
    ("YP1", "KCN Yên Phong", True, 658.0, 150),
    ("VSIP", "KCN VSIP Bắc Ninh", True, 700.0, 130),
    ("DDHS", "KCN Đại Đồng - Hoàn Sơn", True, 366.0, 90),
    ("QV2", "KCN Quế Võ II", True, 270.0, 60),
    ("QV3", "KCN Quế Võ III", True, 540.0, 40),
    ("TT2", "KCN Thuận Thành II", True, 250.0, 60),
    ("TT3", "KCN Thuận Thành III", True, 300.0, 80),
    ("NSHL", "KCN Nam Sơn - Hạp Lĩnh", True, 300.0, 70),
    ("GB1", "KCN Gia Bình", True, 300.0, 40),
    ("YP2C", "KCN Yên Phong II-C", True, 267.0, 60),
    ("YP2A", "KCN Yên Phong II-A", False, 160.0, 0),
    ("YP2B", "KCN Yên Phong II-B", False, 270.0, 0),
    ("TT1", "KCN Thuận Thành I", False, 250.0, 0),
    ("GB2", "KCN Gia Bình II", False, 250.0, 0),
]

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Vũ", 4),
    ("Phan", 4),
    ("Đặng", 3),
    ("Bùi", 3),
    ("Đỗ", 3),
    ("Ngô", 2),
    ("Dương", 2),
    ("Đào", 2),
    ("Lý", 1),
    ("Hồ", 1),
    ("Trịnh", 1),
    ("Chu", 1),
    ("Tạ", 1),
]
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Xuân", "Công", "Duy", "Tiến"]
FEMALE_MIDDLE = ["Thị", "Thị", "Thu", "Ngọc", "Thanh", "Hồng", "Phương", "Minh", "Kim"]
MALE_GIVEN = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Huy",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Thành",
    "Toàn",
    "Trung",
    "Tuấn",
    "Việt",
    "Vinh",
    "Hoàng",
    "Kiên",
    "Lâm",
    "Tú",
    "Đông",
]
FEMALE_GIVEN = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiền",
    "Hoa",
    "Hương",
    "Huyền",
    "Lan",
    "Linh",
    "Loan",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Thảo",
    "Thủy",
    "Trang",
    "Vân",
    "Yến",
    "Nga",
    "Tâm",
    "Hằng",
    "Lụa",
]

FDI_COUNTRIES = [
    ("Hàn Quốc", 45),
    ("Trung Quốc", 22),
    ("Nhật Bản", 12),
    ("Đài Loan", 9),
    ("Singapore", 4),
    ("Hồng Kông", 3),
    ("Hoa Kỳ", 3),
    ("Đức", 2),
]

SYLLABLES = {
    "Hàn Quốc": (
        [
            "Han",
            "Dae",
            "Seo",
            "Mi",
            "Jin",
            "Sung",
            "Hyun",
            "Won",
            "Young",
            "Shin",
            "Kwang",
            "Dong",
            "Il",
            "Myung",
            "Jung",
            "Woo",
            "Bo",
            "Chang",
            "Yeon",
            "Hwa",
        ],
        [
            "jin",
            "sung",
            "won",
            "hwa",
            "il",
            "kwang",
            "do",
            "ho",
            "yang",
            "min",
            "rim",
            "san",
            "bong",
        ],
    ),
    "Nhật Bản": (
        [
            "Aki",
            "Fuji",
            "Hoshi",
            "Kawa",
            "Mori",
            "Nishi",
            "Taka",
            "Yama",
            "Sakura",
            "Mitsu",
            "Shin",
            "Oka",
            "Hida",
            "Kita",
            "Asa",
        ],
        ["moto", "kawa", "no", "da", "shima", "ta", "zaki", "hara", "mura", "saki"],
    ),
    "Trung Quốc": (
        [
            "Hua",
            "Xin",
            "Jin",
            "Long",
            "Tian",
            "Hong",
            "Sheng",
            "Da",
            "Yong",
            "Rui",
            "Heng",
            "Feng",
            "Kai",
            "Bao",
            "Guang",
        ],
        ["xing", "tai", "feng", "sheng", "da", "yuan", "cheng", "li", "hua", "wei"],
    ),
}
SYLLABLES["Đài Loan"] = SYLLABLES["Trung Quốc"]
SYLLABLES["Hồng Kông"] = SYLLABLES["Trung Quốc"]
WESTERN = [
    "Apex",
    "Norden",
    "Vertex",
    "Lumina",
    "Crestline",
    "Atlas",
    "Orbis",
    "Keystone",
    "Meridian",
    "Silverline",
    "Bluewave",
    "Pinnacle",
    "Helix",
    "Summit",
    "Everbright",
]
FDI_SUFFIX = {
    "Hàn Quốc": ["Vina", "Việt Nam", "Vina"],
    "Nhật Bản": ["Việt Nam"],
    "Trung Quốc": ["(Việt Nam)", "Việt Nam"],
}

# (sector, English word for foreign names, Vietnamese word for domestic names, weight)
SECTORS = [
    ("Điện tử", "Electronics", "Điện tử", 30),
    ("Linh kiện điện tử", "Components", "Linh kiện", 14),
    ("Cơ khí chính xác", "Precision", "Cơ khí", 12),
    ("Nhựa - cao su", "Plastics", "Nhựa", 7),
    ("Bao bì - in ấn", "Packaging", "Bao bì", 7),
    ("Dệt may", "Textile", "May mặc", 6),
    ("Vật liệu mới", "Materials", "Vật liệu", 5),
    ("Thực phẩm", "Food", "Thực phẩm", 5),
    ("Logistics", "Logistics", "Vận tải", 5),
    ("Quang học - màn hình", "Display", "Quang học", 4),
    ("Dược phẩm - thiết bị y tế", "Medical", "Dược phẩm", 2),
    ("Hóa chất", "Chemical", "Hóa chất", 3),
]
VN_BRANDS = [
    "Kinh Bắc",
    "Đông Á",
    "Hoàng Long",
    "Minh Phát",
    "Thành Công",
    "Việt Hưng",
    "Phú Thịnh",
    "An Phát",
    "Tân Tiến",
    "Hưng Thịnh",
    "Đại Phát",
    "Quang Minh",
    "Trường Thịnh",
    "Sao Mai",
    "Hồng Hà",
    "Bình Minh",
    "Thiên Phú",
    "Nam Việt",
    "Hải Đăng",
    "Thuận Phát",
    "Lạc Hồng",
    "Phương Đông",
    "Tiến Đạt",
    "Vạn Xuân",
    "Hòa Bình",
    "Đông Đô",
    "Kim Long",
    "Ánh Dương",
    "Gia Phát",
    "Toàn Cầu",
]
STATE_NAMES = [
    "Công ty TNHH MTV {s} Kinh Bắc",
    "Công ty Cổ phần {s} Bắc Ninh",
    "Công ty Cổ phần {s} {p}",
    "Công ty TNHH MTV {s} {p}",
]
STATE_SECTORS = [
    "Điện lực",
    "Cấp thoát nước",
    "Môi trường đô thị",
    "Xăng dầu",
    "Xây dựng",
    "Viễn thông",
    "Cơ khí",
    "In",
    "Dược phẩm",
    "Thương mại",
    "Vận tải",
    "Vật tư",
]
PLACES = ["Từ Sơn", "Quế Võ", "Yên Phong", "Thuận Thành", "Gia Bình", "Tiên Du", "Lương Tài"]


def weighted(rng: random.Random, pairs):
    """Pick the first element of one (value, weight) pair."""
    values = [p[0] for p in pairs]
    weights = [p[-1] for p in pairs]
    return rng.choices(values, weights)[0]


def rng_uuid(rng: random.Random) -> str:
    """A random-looking but reproducible UUID4."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def person_name(rng: random.Random) -> str:
    """A Vietnamese full name: family, middle and given name."""
    family = weighted(rng, FAMILY)
    if rng.random() < 0.55:
        return f"{family} {rng.choice(FEMALE_MIDDLE)} {rng.choice(FEMALE_GIVEN)}"
    return f"{family} {rng.choice(MALE_MIDDLE)} {rng.choice(MALE_GIVEN)}"


def phone(rng: random.Random) -> str:
    """A Vietnamese mobile number, written the local way."""
    return (
        f"0{rng.choice(['98', '97', '91', '94', '88', '36', '35', '33'])}"
        f"{rng.randint(1000000, 9999999)}"
    )


def _foreign_brand(rng: random.Random, country: str) -> str:
    if country in SYLLABLES:
        first, second = SYLLABLES[country]
        return rng.choice(first) + rng.choice(second)
    return rng.choice(WESTERN)


def company_name(rng: random.Random, ownership: str, country: str, sector: tuple) -> str:
    """A fictional company name in the style of its ownership and country."""
    _sector, english, vietnamese, _w = sector
    if ownership == "fdi":
        suffix = rng.choice(FDI_SUFFIX.get(country, ["Việt Nam"]))
        form = "Công ty TNHH" if rng.random() < 0.9 else "Công ty Cổ phần"
        return f"{form} {_foreign_brand(rng, country)} {english} {suffix}"
    if ownership == "state":
        template = rng.choice(STATE_NAMES)
        return template.format(s=rng.choice(STATE_SECTORS), p=rng.choice(PLACES))
    form = rng.choice(["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH"])
    kind = rng.choice(
        [
            vietnamese,
            vietnamese,
            "Sản xuất và Thương mại",
            "Đầu tư và Phát triển",
            "Công nghiệp",
            "Kỹ thuật",
        ]
    )
    suffix = rng.choice(["", "", "", " Bắc Ninh", " Việt Nam", " Quốc tế", " Miền Bắc"])
    return f"{form} {kind} {rng.choice(VN_BRANDS)}{suffix}"
