"""Tools for course authors: build module notebooks from content, generate the learners' release."""
