"""Every write of the honour cards, one module per area."""
