"""``python -m onething cityops_simulate``: feed the demo city's devices with simulated
readings until interrupted (``make run`` starts it beside the server). Over HTTP to the
server at ``--url`` (waiting up to ``--wait`` seconds for it to answer first), or over
MQTT to the broker of ``ONETHING_MQTT_URL`` when one is configured (``--transport``
chooses otherwise). Each device sends once a ``--period`` (seconds); about
``--alarms-per-hour`` values cross a threshold for a few readings."""

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from onething.cityops.mqtt import TOPIC_PREFIX
from onething.cityops.services.simulator import HttpSender, MqttSender, simulate, wait_until


class Command(BaseCommand):
    help = "Feed the demo city's devices with simulated readings until interrupted."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The server.")
        parser.add_argument(
            "--transport",
            choices=("auto", "http", "mqtt"),
            default="auto",
            help="auto: MQTT when ONETHING_MQTT_URL is set, else HTTP.",
        )
        parser.add_argument("--period", type=float, default=600.0, help="Seconds per round.")
        parser.add_argument("--alarms-per-hour", type=float, default=6.0)
        parser.add_argument("--rounds", type=int, default=0, help="0: until interrupted.")
        parser.add_argument("--wait", type=float, default=120.0, help="Seconds to wait.")
        parser.add_argument("--seed", type=int, default=None)

    def handle(self, *args, **options):
        if options["period"] <= 0:
            raise CommandError("--period must be positive")
        transport = options["transport"]
        if transport == "auto":
            transport = "mqtt" if settings.ONETHING_MQTT_URL else "http"
        verbose = options["verbosity"] >= 1
        if transport == "mqtt":
            url = urlsplit(settings.ONETHING_MQTT_URL or "mqtt://127.0.0.1:1883")
            sender = MqttSender(url.hostname or "127.0.0.1", url.port or 1883, TOPIC_PREFIX)
            where = f"mqtt://{url.hostname}:{url.port or 1883}"
            if not sender.connected.wait(options["wait"]):
                sender.close(timeout=0)
                raise CommandError(f"{where} did not answer within {options['wait']:g} s")
        else:
            sender = HttpSender(options["url"])
            where = options["url"]
            if not wait_until(sender.answers, options["wait"]):
                raise CommandError(f"{where} did not answer within {options['wait']:g} s")
        if verbose:
            self.stdout.write(f"simulating the demo city's devices: {where}")
        outcomes = {}
        with contextlib.suppress(KeyboardInterrupt):
            outcomes = simulate(
                secret=settings.SECRET_KEY,
                sender=sender,
                period=options["period"],
                alarms_per_hour=options["alarms_per_hour"],
                rounds=options["rounds"],
                seed=options["seed"],
                log=self.stdout.write if verbose else (lambda _line: None),
            )
        if isinstance(sender, MqttSender):
            sender.close()
        if verbose:
            self.stdout.write(f"stopped: {dict(outcomes)}")
