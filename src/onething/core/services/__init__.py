"""Every write of core's data: plain functions, keyword-only arguments, one transaction each
with its audit row."""
