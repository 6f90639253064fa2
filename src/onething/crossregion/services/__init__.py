"""Writes of the cross-region service."""
