"""Pages of shared parking (错时共享车位): the public page of a car park (its windows as a
day's timeline, whether today is a school day, the cars in, polled live), a citizen's
registration of a plate and their registrations, and the staff's pages (the car parks,
the review queue with the proofs, the overstays; a car park's use, terms, windows, gates
and stays)."""
