"""The open-data platform's writes: defining a department's dataset and registering the
platform's figure datasets (``catalogue``), publishing a release (``releases``), counting
a download (``downloads``), and the demo city's catalogue (``demo``)."""
