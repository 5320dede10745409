"""Discord-facing helpers several features share: replies, the error boundary, checks, choices, events, rendering."""
