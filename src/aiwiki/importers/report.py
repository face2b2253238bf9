"""What an import did, in numbers a person can check."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TagCheck:
    """A tag page printed how many topics it lists; after import we count them ourselves."""

    name: str
    declared: int
    actual: int

    @property
    def ok(self) -> bool:
        return self.declared == self.actual


@dataclass
class ImportReport:
    files: list[str]
    created: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    flagged: int = 0
    tag_checks: list[TagCheck] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # "file:line: reason" of new review items
    changed_topic_ids: set[int] = field(default_factory=set)

    @property
    def wrote_anything(self) -> bool:
        return bool(self.created or self.updated or self.merged or self.flagged)

    @property
    def counts_match(self) -> bool:
        return all(check.ok for check in self.tag_checks)
