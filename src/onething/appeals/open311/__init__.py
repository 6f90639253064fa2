"""Open311 GeoReport v2 for public-space appeals: the categories marked ``open311`` are the
services, an appeal filed under one of them is a service request. Clients file with an API
key (services.open311_keys); anyone reads the published requests, without personal data.
See docs/open311.md."""
