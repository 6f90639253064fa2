"""Shared kernel: regions, organisations, people and enterprises, roles and the permission
layer, the working-day calendar, numbering, the audit log and the error types."""
