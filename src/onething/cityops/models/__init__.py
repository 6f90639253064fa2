"""The operations centre's records: feeds, device types, devices and their monitored
values, readings and minute roll-ups, the video catalogue, events with their steps and
photos."""

from .devices import (
    LEVEL_CHOICES,
    DataFeed,
    Device,
    DeviceState,
    DeviceType,
    FeedKind,
    Metric,
    VideoKind,
    VideoResource,
)
from .events import STATUS_CHOICES, Event, EventPhoto, EventSource, EventStep
from .readings import MinuteRollup, Reading

__all__ = [
    "LEVEL_CHOICES",
    "STATUS_CHOICES",
    "DataFeed",
    "Device",
    "DeviceState",
    "DeviceType",
    "Event",
    "EventPhoto",
    "EventSource",
    "EventStep",
    "FeedKind",
    "Metric",
    "MinuteRollup",
    "Reading",
    "VideoKind",
    "VideoResource",
]
