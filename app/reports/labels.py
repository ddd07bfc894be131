"""Vietnamese and English labels of coded values, for exports and printed reports."""

LABELS = {
    "status": {
        "draft": ("Nháp", "Draft"),
        "submitted": ("Đã gửi", "Submitted"),
        "approved": ("Đã duyệt", "Approved"),
        "returned": ("Trả lại", "Returned"),
        "planned": ("Kế hoạch", "Planned"),
        "held": ("Đã tổ chức", "Held"),
        "reviewed": ("Đã xem xét", "Reviewed"),
        "open": ("Chưa khắc phục", "Open"),
        "overdue": ("Quá hạn", "Overdue"),
        "closed": ("Đã khắc phục", "Closed"),
    },
    "severity": {
        "low": ("Thấp", "Low"),
        "medium": ("Trung bình", "Medium"),
        "high": ("Cao", "High"),
        "critical": ("Nghiêm trọng", "Critical"),
    },
    "ownership": {
        "fdi": ("FDI", "FDI"),
        "private": ("Tư nhân", "Private"),
        "state": ("Nhà nước", "State-owned"),
        "park_wide": ("Toàn KCN", "Park-wide"),
    },
    "role": {
        "worker": ("Công nhân", "Worker"),
        "guard": ("Bảo vệ", "Guard"),
        "manager": ("Quản lý", "Manager"),
        "official": ("Cán bộ", "Official"),
    },
    "method": {
        "roster": ("Danh sách", "Roster"),
        "qr": ("Quét mã QR", "QR scan"),
        "manual": ("Nhập tay", "Manual"),
    },
    "user_role": {
        "inspector": ("Cán bộ kiểm tra", "Inspector"),
        "enterprise_hr": ("Cán bộ nhân sự doanh nghiệp", "Enterprise HR"),
        "supervisor": ("Lãnh đạo, cán bộ tổng hợp", "Supervisor"),
        "admin": ("Quản trị hệ thống", "Administrator"),
    },
    "unit": {
        "bql": ("Ban Quản lý các KCN", "Park authority"),
        "police": ("Công an", "Police"),
        "enterprise": ("Doanh nghiệp", "Enterprise"),
    },
    "activity": {
        "propaganda": ("Tuyên truyền", "Propaganda"),
        "law_quiz": ("Thi tìm hiểu pháp luật", "Law quiz"),
        "dialogue_forum": ("Diễn đàn đối thoại", "Dialogue forum"),
        "banners": ("Băng zôn, khẩu hiệu", "Banners"),
        "gifts": ("Trao quà, khen thưởng", "Gifts and rewards"),
        "guard_training": ("Huấn luyện lực lượng bảo vệ", "Guard training"),
    },
}


def label(kind: str, code: str | None, lang: str = "vi") -> str:
    """The label of a coded value in the language (the code itself when unknown)."""
    pair = LABELS.get(kind, {}).get(code or "")
    if pair is None:
        return code or ""
    return pair[1] if lang == "en" else pair[0]
