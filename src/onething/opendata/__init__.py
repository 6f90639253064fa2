"""公共数据开放平台 (the public-data platform): the catalogue of open datasets the
departments publish, with DCAT-style metadata (publisher, theme, keywords, licence, update
frequency, fields); each dataset's rows come from its department's releases (uploaded as
.xlsx or CSV, every release kept, the latest served) or are the platform's own figures
(dashboard's open datasets, built live). Downloads as CSV, .xlsx and JSON, counted per
day and format."""
