"""Search: one SearchBackend interface, implementations chosen by configuration."""

from aiwiki.search.base import (
    SearchBackend,
    SearchDocument,
    SearchFilters,
    SearchHit,
    SearchRequest,
    SearchResults,
)
from aiwiki.search.factory import BACKEND_KINDS, make_backend

__all__ = [
    "BACKEND_KINDS",
    "SearchBackend",
    "SearchDocument",
    "SearchFilters",
    "SearchHit",
    "SearchRequest",
    "SearchResults",
    "make_backend",
]
