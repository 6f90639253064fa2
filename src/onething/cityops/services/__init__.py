"""Every write of the operations centre: readings taken in (ingest) and what they do to
sensor events (alerts), device tokens and offline marking (devices), and the events'
closed loop by people (events)."""
