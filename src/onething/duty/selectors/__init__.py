"""Every read of night duty, scoped by the permission layer: rosters and their nights
(:mod:`.rosters`), night visits and their demands' appeals (:mod:`.visits`), the figures,
public and staff (:mod:`.figures`), the leader's home (:mod:`.home`)."""
