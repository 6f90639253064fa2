"""The pages of the honour cards, one module per area."""
