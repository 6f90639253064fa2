"""Reads of cases, scoped by the permission layer."""
