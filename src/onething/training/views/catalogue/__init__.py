"""The catalogue's pages: public (home, cohort, partners, agreements) and the staff's."""
