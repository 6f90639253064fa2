"""Every write of night duty: rosters planned and published (:mod:`.rosters`), nights
checked in and out (:mod:`.nights`), night visits recorded and their demands raised as
appeals (:mod:`.visits`)."""
