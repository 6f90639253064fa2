"""Writes of bundles: definitions, runs and their progress, batch pickup."""
