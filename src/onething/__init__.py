"""onething: the platform a city runs so that citizens and enterprises get one thing done."""
