"""Translated messages for the file errors every import answers."""

from flask_babel import lazy_gettext as _l

FILE_ERRORS = {
    "empty": _l("The file is empty."),
    "too_many_rows": _l("The file has too many rows (at most 20.000)."),
    "bad_xlsx": _l("The file is not a readable spreadsheet (XLSX, XLS or ODS)."),
    "no_file": _l("Choose a CSV, XLSX, XLS or ODS file."),
    "too_big": _l("The file is too big (at most 5 MB)."),
    "bad_payload": _l("The uploaded file was lost; choose it again."),
    "bad_csv": _l("The CSV file cannot be read: a field is too long (over 128 KB) or broken."),
    "too_big_unpacked": _l(
        "The workbook unpacks to too much data (at most 40 MB per sheet): "
        "save only the roster sheet as .xlsx or CSV."
    ),
    "too_many_cells": _l("The workbook has too many cells: save only the roster as .xlsx or CSV."),
    "too_many_columns": _l("The sheet has too many columns (at most 60 filled)."),
    "cell_too_long": _l("A cell of the file holds too much text (at most 4.000 characters)."),
    "too_much_text": _l(
        "The file's cells hold far more text than its size explains (a text shown by many "
        "cells counts each time): save only the roster as a new file."
    ),
    "xml_dtd": _l(
        "The workbook contains an XML document type declaration, which is refused: "
        "save it again from Excel or LibreOffice."
    ),
}


# Why a row under the header is not data (every import lists them with their line).
SKIP_REASONS = {
    "repeated_header": _l("repeats the header row"),
    "numbering": _l("column numbering row"),
    "sub_header": _l("second header row"),
    "footer": _l("total row"),
    "signature": _l("signature block"),
    "no_name": _l("no name"),
}


def skipped_groups(skipped: list[tuple[int, str]]) -> list[tuple[int, int, str]]:
    """Group skipped lines that follow each other for the same reason: (first, last, reason)."""
    groups: list[tuple[int, int, str]] = []
    for line, reason in skipped:
        if groups and groups[-1][2] == reason and groups[-1][1] == line - 1:
            groups[-1] = (groups[-1][0], line, reason)
        else:
            groups.append((line, line, reason))
    return groups


def file_error_text(code: str) -> str:
    """Translate a file error code; an unknown code says the file cannot be read."""
    return str(FILE_ERRORS.get(code, FILE_ERRORS["bad_xlsx"]))
