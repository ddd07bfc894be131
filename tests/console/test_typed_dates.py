"""Dates typed in the console: dd/mm/yyyy as people write them, yyyy-mm-dd from older links."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from app.console.helpers import parse_date, vdate


@given(day=st.dates(min_value=date(1, 1, 1)), sep=st.sampled_from("/.-"), pad=st.booleans())
def test_a_day_typed_day_first_reads_back_as_that_day(day, sep, pad):
    text = (
        sep.join(f"{part:02d}" if pad else str(part) for part in (day.day, day.month))
        + f"{sep}{day.year:04d}"
    )
    assert parse_date(text) == day
    assert parse_date(f" {day.isoformat()} ") == day
    assert parse_date(vdate(day)) == day  # what the field shows is what it sends back


@given(text=st.text(max_size=14))
def test_anything_else_is_no_date_never_an_error(text):
    result = parse_date(text)
    assert result is None or isinstance(result, date)


def test_impossible_days_are_no_date():
    assert parse_date("31/02/2026") is None
    assert parse_date("00/01/2026") is None
    assert parse_date("12/13/2026") is None  # month first is not read as a date
    assert parse_date("20261207") is None
