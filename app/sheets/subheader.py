"""Tell a header's second row and join it to the first.

Offices merge a header cell over the columns it groups and name each column in the row
under it: "Giới tính" over "Nam | Nữ", "Tỷ lệ vốn (%)" over "Nước ngoài | Nhà nước", "Lao
động" over "Tổng số | Nước ngoài". Such a row fills every column of a group (a data row ticks
one of "Nam | Nữ"), leaves the first column empty (a data row has its STT or name there),
holds no digits, and outside the groups holds only short sub-header words ("Ngày/tháng/năm"
under "Ngày sinh").
"""

from app.core.i18n import fold

# The words of a second header row under a single header cell.
SUB_HEADER_WORDS = {
    "nam",
    "nu",
    "male",
    "female",
    "ngay",
    "thang",
    "so",
    "ngay cap",
    "noi cap",
    "dd/mm/yyyy",
    "ngay/thang/nam",
    "ngay thang nam",
    "ngay, thang, nam",
    "x",
}


def is_sub_header_word(folded: str) -> bool:
    """Tell a word of a second header row ("Nam", "Nữ", "Ngày/tháng/năm"), folded."""
    return folded in SUB_HEADER_WORDS or folded.replace(" ", "") in SUB_HEADER_WORDS


def groups(headers: list[str], width: int) -> list[range]:
    """The columns each merged header cell spans: a named cell and the unnamed ones after it."""
    found, start = [], None
    for column in range(width):
        named = column < len(headers) and bool(headers[column])
        if named or start is None:
            if start is not None and column - start > 1:
                found.append(range(start, column))
            start = column if named else None
    if start is not None and width - start > 1:
        found.append(range(start, width))
    return found


def joined_headers(headers: list[str], below: list[str]) -> list[str] | None:
    """The header read with its second row ("Tỷ lệ vốn (%) Nước ngoài"), or None when the
    row under the header is not its second row."""
    filled = [column for column, text in enumerate(below) if text]
    named = [column for column, text in enumerate(headers) if text]
    if len(filled) < 2 or not named or named[0] in filled:
        return None
    if any(ch.isdigit() for column in filled for ch in below[column]):
        return None
    spans = groups(headers, max(len(headers), len(below)))
    grouped = [span for span in spans if any(column in filled for column in span)]
    if not grouped or any(column not in filled for span in grouped for column in span):
        return None
    inside = {column for span in grouped for column in span}
    if not all(is_sub_header_word(fold(below[c])) for c in filled if c not in inside):
        return None
    joined = list(headers) + [""] * (max(len(headers), len(below)) - len(headers))
    for span in grouped:
        for column in span:
            joined[column] = f"{headers[span.start]} {below[column]}"
    return joined
