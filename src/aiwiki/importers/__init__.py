"""Readers that turn files into typed drafts, and the pipeline that writes them."""
