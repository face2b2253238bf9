"""Pure domain types: no I/O, no framework imports."""
