"""Every write of appeals: intake, the flow (dispatch, return, reply, follow-up), time
limits and extensions, supervision batches, projects, policies and Open311 keys."""
