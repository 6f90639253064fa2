"""``python -m onething cityops_mqtt``: take in the devices' readings published to the MQTT
broker (``onething/devices/{device_code}/readings``) until interrupted. The broker is
``--host``/``--port``, else ``ONETHING_MQTT_URL`` (``mqtt://host:port``), else
127.0.0.1:1883; ``--client-id`` names the persistent session (keep it fixed, so that what
was published while the ingester was down is delivered when it comes back)."""

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onething.cityops.mqtt import TOPIC_PREFIX, Ingester


class Command(BaseCommand):
    help = "Take in devices' readings from the MQTT broker until interrupted."

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", default=None, help="The broker (default from ONETHING_MQTT_URL)."
        )
        parser.add_argument("--port", type=int, default=None, help="Its port (default 1883).")
        parser.add_argument("--client-id", default="onething-ingest", help="The session's id.")
        parser.add_argument("--prefix", default=TOPIC_PREFIX, help="The topics' prefix.")
        parser.add_argument(
            "--workers", type=int, default=2, help="Threads taking batches in (default 2)."
        )

    def handle(self, *args, host=None, port=None, client_id="onething-ingest", **options):
        url = urlsplit(settings.ONETHING_MQTT_URL) if settings.ONETHING_MQTT_URL else None
        if url is not None and url.scheme not in ("mqtt", "tcp"):
            raise CommandError("ONETHING_MQTT_URL is mqtt://host:port")
        host = host or (url.hostname if url else None) or "127.0.0.1"
        port = port or (url.port if url else None) or 1883
        ingester = Ingester(
            host=host,
            port=port,
            client_id=client_id,
            prefix=options["prefix"],
            workers=max(1, options["workers"]),
        )
        self.stdout.write(f"taking in readings from {host}:{port} ({ingester.topic})")
        with contextlib.suppress(KeyboardInterrupt):
            ingester.run_forever()
        self.stdout.write(f"stopped: {dict(ingester.counts)}")
