"""The `aiwiki` command line: thin Typer commands over aiwiki.services."""
