"""The pages of value-added services (under ``/value-added/``): the public catalogue and a
service's page, the request form, the enterprise's requests, the provider's queue and a
request's page with the moves its viewer may make."""
