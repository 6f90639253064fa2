"""The service catalogue (事项): items, their materials, categories and life events."""
