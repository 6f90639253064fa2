"""Night duty's pages (带班值班): the leader's duty page (tonight's night, check in and out,
this week's stays), the rosters (a month's grid, planned and published), night visits
(recorded with their demands, listed, each with its demands' appeals and answers), and
the public figures."""
