"""Pages of one-thing bundles (一件事): public, applicant, department panel, agency."""
