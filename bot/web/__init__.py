"""The web endpoint (on when LEERKRING_HTTP is set): health, Prometheus metrics and the calendar feeds."""
