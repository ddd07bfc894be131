"""What a template version changes from the last published one (shown before publishing)."""

from dataclasses import dataclass, field

from sqlalchemy import select

from app.extensions import db
from app.models import TemplateVersion

# The item fields a change is told for, in the order they are listed.
COMPARED = ("text_vi", "text_en", "type", "critical", "photo_required", "choices")


@dataclass
class VersionDiff:
    """Items and sections added, removed or changed between two versions."""

    base: TemplateVersion | None
    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict, list[str]]] = field(default_factory=list)
    sections_added: list[dict] = field(default_factory=list)
    sections_removed: list[dict] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when the two versions ask the same questions."""
        return not (
            self.added
            or self.removed
            or self.changed
            or self.sections_added
            or self.sections_removed
        )


def last_published(version: TemplateVersion) -> TemplateVersion | None:
    """The template's newest published version other than `version`."""
    return db.session.scalar(
        select(TemplateVersion)
        .where(
            TemplateVersion.template_id == version.template_id,
            TemplateVersion.status == "published",
            TemplateVersion.id != version.id,
        )
        .order_by(TemplateVersion.number.desc())
        .limit(1)
    )


def _items(sections: list[dict]) -> dict[str, dict]:
    """Every item of a version by its code."""
    return {it["code"]: it for sec in sections or [] for it in sec.get("items") or []}


def _fields_changed(old: dict, new: dict) -> list[str]:
    """The compared fields whose value differs between two items."""
    return [name for name in COMPARED if (old.get(name) or None) != (new.get(name) or None)]


def diff_versions(version: TemplateVersion) -> VersionDiff:
    """Compare a version with the last published one, item by item (by code)."""
    base = last_published(version)
    diff = VersionDiff(base=base)
    old_sections = {s["code"]: s for s in (base.sections if base else []) or []}
    new_sections = {s["code"]: s for s in version.sections or []}
    diff.sections_added = [s for code, s in new_sections.items() if code not in old_sections]
    diff.sections_removed = [s for code, s in old_sections.items() if code not in new_sections]
    old, new = _items(base.sections if base else []), _items(version.sections)
    diff.added = [it for code, it in new.items() if code not in old]
    diff.removed = [it for code, it in old.items() if code not in new]
    for code, item in new.items():
        if code in old and (changed := _fields_changed(old[code], item)):
            diff.changed.append((old[code], item, changed))
    return diff
