"""Appeals (诉求): enterprise messages, citizens' requests and 12345 hotline entries, routed
to a responsible department, answered, followed up and supervised."""
