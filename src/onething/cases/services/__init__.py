"""Every write of cases: intake, the lifecycle, results, ratings. Each is one transaction
with its audit row and the message to the applicant."""
