"""The demo city's department datasets (``datasets.json``), read by ``services.demo``."""
