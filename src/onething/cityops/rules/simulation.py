"""The demo city's simulated devices, pure (no database): what a device reads at a moment
of the day, now and then past a threshold, and the token each demo device signs in with.

A monitored value lives in its *normal zone*, between its low and its high thresholds
(the first of warning and alarm; the physical bounds where it has no threshold). Its
profile (by the value's code) puts its typical level in that zone, the size of its daily
swing and the noise of a reading, as fractions of the zone, and the shape of its day: one
peak (``daily``: a temperature at 14:00), two rush hours (``rush``: a road's traffic at
8:00 and 18:00), the season (``seasonal``: the air temperature by Wuxi's monthly means) or
none (``flat``). A normal reading is kept inside the zone by a margin (the hysteresis), so
only an *excursion* crosses a threshold: drawn with a small chance per reading, it holds
the value just past a warning (or, one time in three, an alarm) threshold for a few
readings, then lets it return (and the event close by itself)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import math
import random
from dataclasses import dataclass

TOKEN_CONTEXT = b"onething-demo-device:"  # what a demo device's token is derived for

DAILY, RUSH, SEASONAL, FLAT = "daily", "rush", "seasonal", "flat"
RUSH_HOURS = (8.0, 18.0)
ALARM_SHARE = 1 / 3  # of the excursions, those that reach the alarm threshold
EXCURSION_READINGS = (2, 5)  # how many readings an excursion lasts (inclusive)
# Wuxi's mean air temperature by month (℃), for the ``seasonal`` shape
WUXI_MONTHLY_MEAN = (4.0, 6.0, 10.0, 16.0, 21.0, 25.0, 29.0, 28.5, 24.5, 19.0, 12.5, 6.0)


def demo_device_token(secret: str, device_code: str) -> str:
    """The token of a demo device, derived from the server's secret and the device's code,
    so that the simulator can sign in as every demo device without any plaintext token
    being stored (the register keeps its keyed hash only)."""
    mac = hmac.new(secret.encode(), TOKEN_CONTEXT + device_code.encode(), hashlib.sha256)
    return "dv_" + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode()


@dataclass(frozen=True)
class Band:
    """A monitored value's physical bounds, thresholds and hysteresis (None: not set)."""

    min_possible: float | None = None
    max_possible: float | None = None
    warning_high: float | None = None
    alarm_high: float | None = None
    warning_low: float | None = None
    alarm_low: float | None = None
    hysteresis: float | None = None

    @property
    def high(self) -> float | None:
        """The first threshold above (warning, else alarm)."""
        return self.warning_high if self.warning_high is not None else self.alarm_high

    @property
    def low(self) -> float | None:
        """The first threshold below (warning, else alarm)."""
        return self.warning_low if self.warning_low is not None else self.alarm_low

    def zone(self) -> tuple[float, float]:
        """The normal zone: from the low threshold (else the lowest possible value, else
        0) to the high one (else the highest possible, else twice the low end or 100)."""
        low = self.low if self.low is not None else self.min_possible
        low = 0.0 if low is None else float(low)
        high = self.high if self.high is not None else self.max_possible
        if high is None or float(high) <= low:
            high = low + max(abs(low), 100.0)
        return low, float(high)

    def clamp(self, value: float) -> float:
        if self.min_possible is not None:
            value = max(value, float(self.min_possible))
        if self.max_possible is not None:
            value = min(value, float(self.max_possible))
        return value


@dataclass(frozen=True)
class Profile:
    """Where a value's typical level sits in its normal zone (0: the low end, 1: the high
    end), its daily swing and a reading's noise (fractions of the zone), the shape of its
    day and the hour of its peak (local time)."""

    position: float = 0.4
    swing: float = 0.1
    noise: float = 0.02
    shape: str = DAILY
    peak_hour: float = 14.0
    strays: bool = True  # whether excursions take it past a threshold (a battery's: no)


# by the monitored value's code (the demo city's kinds of device); others: Profile()
PROFILES: dict[str, Profile] = {
    "water_level": Profile(0.85, 0.015, 0.004, DAILY, 6.0),
    "velocity": Profile(0.35, 0.08, 0.02, DAILY, 6.0),
    "battery_voltage": Profile(0.55, 0.0, 0.005, FLAT, strays=False),
    "battery": Profile(0.8, 0.0, 0.005, FLAT, strays=False),
    "rain_1h": Profile(0.03, 0.0, 0.02, FLAT),
    "rain_24h": Profile(0.08, 0.0, 0.01, FLAT),
    "air_temperature": Profile(0.0, 0.0, 0.0, SEASONAL, 14.0),
    "humidity": Profile(0.7, 0.12, 0.02, DAILY, 5.0),
    "wind_speed": Profile(0.25, 0.1, 0.05, DAILY, 15.0),
    "pm25": Profile(0.45, 0.15, 0.04, RUSH),
    "pm10": Profile(0.4, 0.15, 0.04, RUSH),
    "o3": Profile(0.4, 0.25, 0.03, DAILY, 15.0),
    "no2": Profile(0.35, 0.2, 0.04, RUSH),
    "dissolved_oxygen": Profile(0.5, 0.05, 0.01, DAILY, 15.0),
    "ammonia_nitrogen": Profile(0.3, 0.03, 0.02, FLAT),
    "permanganate": Profile(0.45, 0.03, 0.02, FLAT),
    "ph": Profile(0.55, 0.03, 0.01, DAILY, 15.0),
    "smoke": Profile(0.05, 0.0, 0.01, FLAT),
    "temperature": Profile(0.0, 0.0, 0.0, SEASONAL, 15.0),
    "pressure": Profile(0.4, 0.08, 0.02, RUSH),
    "hydrant_pressure": Profile(0.1, 0.02, 0.01, RUSH),
    "pipe_level": Profile(0.35, 0.1, 0.02, DAILY, 8.0),
    "lel": Profile(0.04, 0.0, 0.01, FLAT),
    "h2s": Profile(0.05, 0.0, 0.01, FLAT),
    "density": Profile(0.25, 0.25, 0.03, RUSH),
    "people_in": Profile(0.1, 0.08, 0.01, RUSH),
    "flow": Profile(0.4, 0.3, 0.03, RUSH),
    "speed": Profile(0.2, -0.08, 0.02, RUSH),
    "occupancy": Profile(0.3, 0.25, 0.03, RUSH),
    "deflection": Profile(0.3, 0.08, 0.02, RUSH),
    "strain": Profile(0.65, 0.03, 0.02, RUSH),
    "tilt": Profile(0.1, 0.0, 0.02, FLAT),
    "vibration": Profile(0.2, 0.15, 0.03, RUSH),
    "well_water": Profile(0.15, 0.0, 0.02, FLAT),
    "current": Profile(0.4, 0.35, 0.02, DAILY, 22.0),
    "voltage": Profile(0.5, 0.1, 0.03, DAILY, 4.0),
    "displacement": Profile(0.3, 0.0, 0.02, FLAT),
    "settlement": Profile(0.3, 0.0, 0.02, FLAT),
    "axial_force": Profile(0.55, 0.05, 0.02, DAILY, 14.0),
    "moment": Profile(0.35, 0.25, 0.05, DAILY, 11.0),
    "soil_moisture": Profile(0.5, 0.0, 0.01, FLAT),
    "methane": Profile(0.03, 0.0, 0.01, FLAT),
    "oil_temperature": Profile(0.5, 0.15, 0.01, DAILY, 20.0),
    "depth": Profile(0.02, 0.0, 0.01, FLAT),
}


def profile_for(code: str) -> Profile:
    return PROFILES.get(code, Profile())


def _bump(hour: float, peak: float, width: float = 1.6) -> float:
    gap = min(abs(hour - peak), 24 - abs(hour - peak))
    return math.exp(-((gap / width) ** 2))


def _hour(when: dt.datetime) -> float:
    return when.hour + when.minute / 60 + when.second / 3600


def curve_value(profile: Profile, band: Band, when: dt.datetime) -> float:
    """The value's typical level at ``when`` (local time), noise left out."""
    low, high = band.zone()
    width = high - low
    hour = _hour(when)
    if profile.shape == SEASONAL:
        mean = WUXI_MONTHLY_MEAN[when.month - 1]
        return mean + 4.0 * math.cos(2 * math.pi * (hour - profile.peak_hour) / 24)
    centre = low + profile.position * width
    swing = profile.swing * width
    if profile.shape == DAILY:
        return centre + swing * math.cos(2 * math.pi * (hour - profile.peak_hour) / 24)
    if profile.shape == RUSH:
        peak = max(_bump(hour, h) for h in RUSH_HOURS)
        return centre - swing + 2 * swing * peak
    return centre


def kept_normal(band: Band, value: float) -> float:
    """The value held inside the normal zone by a margin (the hysteresis, at least 1% of
    the zone), so that a normal reading never crosses a threshold."""
    low, high = band.zone()
    margin = max(float(band.hysteresis or 0.0), 0.01 * (high - low))
    if band.high is not None:
        value = min(value, float(band.high) - 2 * margin)
    if band.low is not None:
        value = max(value, float(band.low) + 2 * margin)
    return band.clamp(value)


@dataclass(frozen=True)
class Excursion:
    """A value held past a threshold at ``target`` for ``remaining`` more readings."""

    target: float
    remaining: int


def excursion_target(band: Band, rng: random.Random) -> float | None:
    """A value just past a warning threshold (one time in three an alarm one), above if
    the value has high thresholds, else below; None when it has none."""
    low, high = band.zone()
    width = high - low
    alarm = rng.random() < ALARM_SHARE
    past = rng.uniform(0.02, 0.12) * width
    if band.high is not None:
        threshold = band.alarm_high if alarm and band.alarm_high is not None else band.high
        return band.clamp(float(threshold) + past)
    if band.low is not None:
        threshold = band.alarm_low if alarm and band.alarm_low is not None else band.low
        return band.clamp(float(threshold) - past)
    return None


def next_reading(
    profile: Profile,
    band: Band,
    when: dt.datetime,
    rng: random.Random,
    *,
    excursion: Excursion | None = None,
    chance: float = 0.0,
) -> tuple[float, Excursion | None]:
    """The value read at ``when`` (local time) and the excursion still going after it:
    one going on holds the value past its threshold; else one starts with ``chance`` (for
    a value that strays); else the curve with its noise, kept normal."""
    if excursion is None and chance > 0 and profile.strays and rng.random() < chance:
        target = excursion_target(band, rng)
        if target is not None:
            excursion = Excursion(target, rng.randint(*EXCURSION_READINGS))
    if excursion is not None and excursion.remaining > 0:
        low, high = band.zone()
        jitter = rng.gauss(0, 0.005 * (high - low))
        value = band.clamp(excursion.target + jitter)
        left = excursion.remaining - 1
        return round(value, 3), (Excursion(excursion.target, left) if left else None)
    low, high = band.zone()
    noisy = curve_value(profile, band, when) + rng.gauss(0, profile.noise * (high - low))
    return round(kept_normal(band, noisy), 3), None


def excursion_chance(alarms_per_hour: float, readings_per_hour: float) -> float:
    """The chance per reading that an excursion starts, for about ``alarms_per_hour``
    excursions an hour across ``readings_per_hour`` readings of values with thresholds."""
    if readings_per_hour <= 0 or alarms_per_hour <= 0:
        return 0.0
    return min(1.0, alarms_per_hour / readings_per_hour)


def offset_in_period(device_code: str, period: float) -> float:
    """When in each period (seconds after its start) a device reports: spread evenly over
    the period by its code, the same in every run."""
    digest = hashlib.sha256(device_code.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 * period
