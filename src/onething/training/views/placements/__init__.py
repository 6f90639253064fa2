"""Pages of placements (输送): the public openings, an opening's page, a student's job
applications, a company's recruiting, a job application's page, the institute's
placements."""
