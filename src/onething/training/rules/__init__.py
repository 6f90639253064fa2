"""The institute's pure rules: lifecycles, selection, passing, grade conversion, the
transcript's signed layout. No database."""
