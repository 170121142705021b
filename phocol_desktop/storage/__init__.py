"""Paths, settings, projects, history, secrets and at-rest encryption. May import third-party libraries."""
