"""The API schemas of the honour cards, one module per area."""
