"""Import enterprises from an office sheet: find the header, preview row errors, all or none."""

from dataclasses import dataclass, field

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.console import enterprise_cells as cells
from app.console.admin_ops import enterprise_errors, write_enterprise
from app.core.i18n import fold
from app.core.legal_forms import legal_form_of, sector_named, sector_of
from app.extensions import db
from app.models import Enterprise, Park, User
from app.models.audit import Action, audit
from app.sheets import SheetError, read_tables
from app.sheets.header import cell_name, cell_text, choose_layout, propose_mapping
from app.sheets.messages import file_error_text
from app.sheets.rowkinds import RowSorter
from app.sheets.text import refused_characters

MAX_ROWS = 5000
# Field -> folded header texts (Vietnamese and English) that name it.
HEADER_SYNONYMS = {
    "tax_code": (
        "ma so thue",
        "mst",
        "ma so doanh nghiep",
        "ma so dn",
        "ma dn",
        "tax code",
        "tax id",
        "tax number",
    ),
    "name": (
        "ten doanh nghiep",
        "ten dn",
        "ten cong ty",
        "doanh nghiep",
        "ten",
        "name",
        "enterprise",
        "enterprise name",
        "company",
        "company name",
    ),
    "park_code": (
        "ma kcn",
        "kcn",
        "khu cong nghiep",
        "ten kcn",
        "park code",
        "park",
        "industrial park",
    ),
    "ownership": (
        "loai hinh",
        "loai hinh doanh nghiep",
        "loai hinh dn",
        "hinh thuc so huu",
        "so huu",
        "ownership",
        "type",
    ),
    "foreign_capital": (
        "von nuoc ngoai",
        "ty le von nuoc ngoai",
        "von dau tu nuoc ngoai",
        "foreign capital",
    ),
    "state_capital": (
        "von nha nuoc",
        "ty le von nha nuoc",
        "state capital",
    ),
    "sector": ("nganh nghe", "nganh", "linh vuc", "nganh nghe kinh doanh", "sector", "industry"),
    "country": ("quoc gia", "quoc tich", "nuoc dau tu", "country"),
    "address": ("dia chi", "address"),
    "workforce": (
        "so lao dong",
        "tong so lao dong",
        "lao dong",
        "so cong nhan",
        "so nld",
        "workforce",
        "workers",
        "employees",
    ),
    "foreign_workers": ("lao dong nuoc ngoai", "so lao dong nuoc ngoai", "foreign workers"),
    "guards_dedicated": ("bao ve chuyen trach", "dedicated guards"),
    "guards_parttime": ("bao ve kiem nhiem", "part time guards", "part-time guards"),
    "has_trade_union": ("cong doan", "trade union"),
    "hr_contact": ("nguoi lien he", "can bo nhan su", "hr contact", "contact"),
    "hr_phone": ("dien thoai", "so dien thoai", "sdt", "hr phone", "phone"),
}
FIELDS = tuple(HEADER_SYNONYMS)
FIELD_LABELS = {
    "tax_code": _l("Tax code"),
    "name": _l("Name"),
    "park_code": _l("Park"),
    "ownership": _l("Type (legal form or sector)"),
    "foreign_capital": _l("Foreign capital (%)"),
    "state_capital": _l("State capital (%)"),
    "sector": _l("Sector"),
    "country": _l("Country"),
    "address": _l("Address"),
    "workforce": _l("Workers"),
    "foreign_workers": _l("Foreign workers"),
    "guards_dedicated": _l("Dedicated guards"),
    "guards_parttime": _l("Part-time guards"),
    "has_trade_union": _l("Trade union"),
    "hr_contact": _l("HR contact"),
    "hr_phone": _l("HR phone"),
}
# The words of a changed field in the preview ("changed: Workers, Park").
CHANGE_LABELS = {
    **FIELD_LABELS,
    "park_id": _l("Park"),
    "legal_form": _l("Legal form"),
    "ownership": _l("Economic sector"),
    "active": _l("Active"),
}
REQUIRED = ("tax_code", "name", "park_code")
YES_WORDS = {"co", "x", "yes", "1", "true", "da thanh lap", "co cong doan"}
NUMBERS = ("workforce", "foreign_workers", "guards_dedicated", "guards_parttime")
TEXTS = ("name", "sector", "address", "hr_contact", "hr_phone")


@dataclass
class ImportRow:
    """One sheet row: its number, the values read, what will happen, and its errors."""

    number: int
    values: dict
    action: str = "create"  # create | update | same (matched, nothing would change)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    raw_ownership: str = ""
    changed: list[str] = field(default_factory=list)  # the fields an update would change
    park: str = ""  # the matched park, as "code · name"


@dataclass
class SheetImport:
    """A file read for import: the chosen sheet, its header and mapping, the checked rows."""

    rows: list[ImportRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sheet: str = ""
    sheets: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    header_line: int = 1
    mapping: dict = field(default_factory=dict)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (line, reason): not data


def read_sheet(
    content: bytes, filename: str = "", wanted: str = "", mapping: dict | None = None
) -> SheetImport:
    """Read the file, find its header row, and check every row under the (given) mapping."""
    try:
        tables = read_tables(filename, content)
    except SheetError as err:
        return SheetImport(errors=[file_error_text(err.code)])
    layout = choose_layout(tables, HEADER_SYNONYMS, wanted)
    result = SheetImport(
        sheet=layout.table.name,
        sheets=[t.name for t in tables],
        headers=layout.headers,
        header_line=layout.header_index + 1,
    )
    result.mapping = (
        mapping if mapping is not None else propose_mapping(layout.headers, HEADER_SYNONYMS)
    )
    missing = [f for f in REQUIRED if result.mapping.get(f) is None]
    if missing:
        names = ", ".join(str(FIELD_LABELS[f]) for f in missing)
        result.errors.append(gettext("Missing columns: %(names)s.", names=names))
        return result
    park_rows = list(db.session.execute(select(Park.id, Park.code, Park.name)))
    parks = cells.park_lookup(park_rows)
    park_names = {park_id: f"{code} · {name}" for park_id, code, name in park_rows}
    seen: set[str] = set()
    sorter = RowSorter(layout.headers, layout.sub_header)
    named = [result.mapping.get(key) for key in ("name", "tax_code")]
    for number, values in enumerate(layout.body, start=layout.first_line):
        reason = sorter.reason(values)
        if reason is None and not any(cell_text(values[i]) for i in named if i < len(values)):
            reason = "no_name"  # a signer's name or a note: neither a name nor a tax code
        if reason is not None:
            if reason != "blank":
                result.skipped.append((number, reason))
            continue
        if len(result.rows) >= MAX_ROWS:
            return SheetImport(errors=[gettext("At most %(n)d rows per file.", n=MAX_ROWS)])
        raw = {
            name: values[i]
            for name, i in result.mapping.items()
            if i is not None and i < len(values)
        }
        tax_cell = cell_name(result.mapping["tax_code"], number)
        row = check_row(number, raw, parks, seen, tax_cell)
        row.park = park_names.get(row.values.get("park_id"), "")
        result.rows.append(row)
    if not result.rows:
        result.errors.append(gettext("The sheet has no rows."))
    return result


def check_row(number: int, raw: dict, parks: dict, seen: set, tax_cell: str = "") -> ImportRow:
    """Turn a row's raw cells into enterprise values and find what is wrong with them."""
    row = ImportRow(number, {})
    text = {key: " ".join(cell_text(value).split()) for key, value in raw.items()}
    values = {key: text.get(key, "") for key in TEXTS}
    values["tax_code"] = cells.tax_code(raw.get("tax_code"), row.notes)
    values["country"] = text.get("country") or "Việt Nam"
    row.raw_ownership = text.get("ownership", "")
    _read_form_and_sector(row, raw, values)
    values["park_id"] = cells.find_park(text.get("park_code", ""), parks)
    values["has_trade_union"] = fold(text.get("has_trade_union", "")) in YES_WORDS
    values["active"] = True
    for key in NUMBERS:
        count = cells.whole_number(raw.get(key))
        values[key] = count or 0
        if count is None:
            row.errors.append(gettext("%(field)s is not a whole number.", field=FIELD_LABELS[key]))
    if any(refused_characters(value) for value in text.values()):
        row.errors.append(gettext("The row holds characters that cannot be stored (such as NUL)."))
    existing = (
        db.session.scalar(select(Enterprise).where(Enterprise.tax_code == values["tax_code"]))
        if values["tax_code"]
        else None
    )
    problems = enterprise_errors(values, existing.id if existing else None)
    if not values["ownership"]:
        problems["ownership"] = gettext(
            "The economic sector cannot be told: give the Loại hình (FDI, ngoài nhà nước, "
            "nhà nước) or the capital shares."
        )
    if not cells.TAX_CODE.match(values["tax_code"]):
        problems["tax_code"] = gettext(
            "Cell %(cell)s: a tax code has 10 digits, or 10-3 for a branch.", cell=tax_cell
        )
    if "park_id" in problems:
        problems["park_id"] = gettext("Unknown park code %(code)s.", code=text.get("park_code", ""))
    row.errors.extend(problems.values())
    if values["tax_code"] in seen:
        row.errors.append(gettext("This tax code appears twice in the file."))
    seen.add(values["tax_code"])
    row.values = values
    row.changed = changed_fields(existing, values) if existing else []
    row.action = "create" if existing is None else "update" if row.changed else "same"
    return row


def _read_form_and_sector(row: ImportRow, raw: dict, values: dict) -> None:
    """Read the legal form (the type cell, else the name) and derive the sector."""
    shares = {}
    for key in ("foreign_capital", "state_capital"):
        shares[key] = cells.percent(raw.get(key))
        if shares[key] is False:
            row.errors.append(gettext("%(field)s is not a percentage.", field=FIELD_LABELS[key]))
            shares[key] = None
    values["legal_form"] = legal_form_of(row.raw_ownership) or legal_form_of(values["name"])
    values["ownership"] = sector_of(
        values["legal_form"],
        shares["foreign_capital"],
        shares["state_capital"],
        sector_named(row.raw_ownership),
    )


def changed_fields(enterprise: Enterprise, values: dict) -> list[str]:
    """The fields whose imported value differs from the enterprise's (deactivated: "active")."""
    return [key for key, value in values.items() if getattr(enterprise, key, value) != value]


def apply_import(actor: User, rows: list[ImportRow]) -> dict:
    """Upsert every row by tax code; refuse (write nothing) when any row has an error."""
    if not rows or any(row.errors for row in rows):
        raise ValueError("rows with errors")
    counts = {"create": 0, "update": 0, "same": 0}
    for row in rows:
        existing = db.session.scalar(
            select(Enterprise).where(Enterprise.tax_code == row.values["tax_code"])
        )
        if existing is not None and _unchanged(existing, row.values):
            counts["same"] += 1
            continue
        write_enterprise(actor, existing, row.values)
        counts[row.action] += 1
    audit(actor, Action.ENTERPRISE_IMPORT, "enterprise", "-", counts)
    return counts


def _unchanged(enterprise: Enterprise, values: dict) -> bool:
    """Tell whether importing these values would change nothing."""
    return not changed_fields(enterprise, values)
