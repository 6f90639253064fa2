"""Pure rules of night duty (带班值班), no ORM: the roster's lifecycle and the rule of at
least two overnight stays a week (:mod:`.rosters`), a duty night's window, lifecycle and
state (:mod:`.nights`), the figures' arithmetic (:mod:`.figures`)."""

PROGRAMME = "daibanzhiban"  # the appeals programme of the demands raised on night visits
