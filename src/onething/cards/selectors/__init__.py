"""Every read of the honour cards, scoped by the permission layer, one module per area."""
