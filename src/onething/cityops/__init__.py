"""城运中心 / 一网统管 (the city operations centre): the departments' data feeds and devices
(sensors), their readings and per-minute roll-ups, the video catalogue, and the events
(事件) a sensor's threshold or a grid inspector (网格员) opens, registered, dispatched to a
department, handled, checked and closed."""
