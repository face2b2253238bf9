"""The FastAPI application: HTML pages and their JSON twins under /api/v1."""
