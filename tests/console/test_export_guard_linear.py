"""The export's formula guard: every formula start neutralised, by a rule a reader can state.

Rule: a cell is a formula to Excel when, after the start of the text or after any separator
(; , tab CR LF |), only blanks and invisible characters come before = + - @ or one of their
look-alikes. The guard must agree with that rule on any text, however long its runs of blanks
and breaks (it used to be quadratic in them: the time is measured in bench/export_guard_bench.py).
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.reports.writers import safe_cell

LOOKALIKES = "=+-@\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b\u2212"
SEPARATORS = ";,\t\r\n|"
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
ALPHABET = LOOKALIKES + SEPARATORS + INVISIBLE + " \u3000\u00a0ax1"


def _is_formula(text: str) -> bool:
    """The rule, written the slow and obvious way: split at separators, skip the blanks."""
    if text[:1] in ("\t", "\r"):
        return True
    pieces = [text]
    for sep in SEPARATORS:
        pieces = [part for piece in pieces for part in piece.split(sep)]
    for piece in pieces:
        rest = piece
        while rest and (rest[0].isspace() or rest[0] in INVISIBLE):
            rest = rest[1:]
        if rest and rest[0] in LOOKALIKES:
            return True
    return False


def test_the_lookalikes_and_invisible_prefixes_are_neutralised():
    for text in ["\ufe661+1", "\ufe62cmd", "\u22121", "\u200b=1+1", "\ufeff=1", "a;\u200b =1"]:
        assert safe_cell(text) == "'" + text, repr(text)


def test_twenty_thousand_newlines_before_a_formula_are_neutralised():
    text = "x" + "\n" * 20_000 + "=HYPERLINK(1)"
    assert safe_cell(text) == "'" + text
    assert safe_cell("x" + "\n" * 20_000 + "y") == "x" + "\n" * 20_000 + "y"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=40))
def test_the_guard_agrees_with_the_rule_on_any_text(text):
    expected = "'" + text if _is_formula(text) else text
    assert safe_cell(text) == expected
