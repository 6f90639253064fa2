"""The open-data platform's reads: the catalogue (``catalogue``), a dataset's rows
(``rows``), the download counts (``downloads``), a dataset's metadata as plain data
(``summary``). Everything is public."""
