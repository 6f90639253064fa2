"""The open-data platform's pure rules (no database): how a release's cells are read
(``cells``), the DCAT vocabulary of the catalogue as JSON-LD (``dcat``), a figure
dataset's chart (``charts``)."""
