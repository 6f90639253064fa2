"""The pages of applications and selection: a student applies and answers offers; the
institute's staff screen, score interviews, select and keep the waiting list."""
