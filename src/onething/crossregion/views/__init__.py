"""Pages of the cross-region service."""
