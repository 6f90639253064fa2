"""City management's pure rules (no database): the lifecycles and their words, the
project items, the scoring and ranking arithmetic, the parking windows and plates."""
