"""Rank people for a typed search, the same way as the field app (pwa/js/search.js rankPeople).

A code typed exactly (staff number, badge code) finds that person alone; otherwise the exact
full name comes first, then names whose words all start with the typed words, then names
whose given name (the last word) starts with the last typed word, then every other name or
field holding all the words; each tier in name order, all ignoring diacritics.
"""

from collections.abc import Callable, Iterable
from typing import TypeVar

from app.core.i18n import fold

T = TypeVar("T")


def _is_folded(text: str) -> bool:
    """Tell whether a text is already folded (a stored search key): no need to fold again."""
    return text.isascii() and text == " ".join(text.lower().split())


def _starts_words(words: list[str], parts: list[str]) -> bool:
    """Each typed word starts its own word of the name (whole words claimed first)."""
    free = list(parts)
    for word in sorted(words, key=len, reverse=True):
        index = free.index(word) if word in free else -1
        if index < 0:
            index = next((i for i, part in enumerate(free) if part.startswith(word)), -1)
        if index < 0:
            return False
        free.pop(index)
    return True


def name_tier(words: list[str], folded_name: str, rest: str) -> int:
    """1 exact name, 2 word starts, 3 given name, 4 anywhere; 0 no match (name folded)."""
    parts = folded_name.split()
    if words == parts:
        return 1
    if not all(w in folded_name for w in words):  # no tier but 4 can match: check the rest
        everything = f"{folded_name} {fold(rest)}"
        return 4 if all(w in everything for w in words) else 0
    if _starts_words(words, parts):
        return 2
    return 3 if parts and parts[-1].startswith(words[-1]) else 4


def rank_people(
    query: str, items: Iterable[T], person: Callable[[T], tuple[str, list[str], str]]
) -> list[T]:
    """The items matching the query, best first; person(item) is (name, codes, other text).

    The name may be given as its stored search key (folded already), which is faster.
    """
    items = list(items)
    words = fold(query).split()
    if not words:
        return items
    typed = query.strip().upper()
    exact = [i for i in items if any(c and c.strip().upper() == typed for c in person(i)[1])]
    if exact:
        return exact
    ranked = []
    for item in items:
        name, codes, rest = person(item)
        folded = name if _is_folded(name) else fold(name)
        tier = name_tier(words, folded, " ".join([*codes, rest]))
        if tier:
            ranked.append((tier, folded, len(ranked), item))
    ranked.sort(key=lambda r: r[:3])
    return [r[3] for r in ranked]
