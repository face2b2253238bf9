"""aiwiki: a knowledge-base engine for AI concepts."""

__version__ = "0.1.0"
