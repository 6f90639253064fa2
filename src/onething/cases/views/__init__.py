"""The pages of cases: applicants, the window, the department, supervision, public."""
