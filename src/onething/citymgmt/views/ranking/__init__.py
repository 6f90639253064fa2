"""红黑榜's pages: the public lists (public.py), the staff's batches (batches.py) and the
rectifications (rectifications.py)."""
