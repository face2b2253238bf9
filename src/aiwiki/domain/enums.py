"""The closed vocabularies of the content model (levels, kinds, statuses, languages)."""

from enum import StrEnum


class Level(StrEnum):
    """How much background a topic assumes; ordered from easiest to hardest."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"

    @property
    def rank(self) -> int:
        return list(Level).index(self)


class Kind(StrEnum):
    """What sort of thing a topic describes; every kind is served by the same features."""

    CONCEPT = "concept"
    TERM = "term"
    MODEL = "model"
    PAPER = "paper"
    COMPANY = "company"
    PRODUCT = "product"
    DATASET = "dataset"
    PERSON = "person"


class Status(StrEnum):
    """Lifecycle of a topic: needs_review marks imports a human must confirm."""

    PUBLISHED = "published"
    NEEDS_REVIEW = "needs_review"
    DELETED = "deleted"


DEFAULT_LANGUAGE = "en"
# The languages the site offers; the code iterates this tuple instead of assuming two.
LANGUAGES: tuple[str, ...] = ("en", "zh")


class ChangeKind(StrEnum):
    """What a revision did to its topic: history and recent changes filter by it, and it
    tells an import run (IMPORT, by author "import" or "starter") from a human's edit."""

    CREATE = "create"
    EDIT = "edit"
    RENAME = "rename"
    DELETE = "delete"
    RESTORE = "restore"
    ROLLBACK = "rollback"
    IMPORT = "import"
    MERGE = "merge"  # a review merge: the survivor absorbed a topic, the loser was folded in
    UNMERGE = "unmerge"  # a merge undone: both topics back as they were before it
    REVIEW = "review"  # a review decision that only settled the topic's status
