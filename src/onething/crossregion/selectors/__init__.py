"""Reads of the cross-region service."""
