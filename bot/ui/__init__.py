"""Discord-facing helpers shared by the cogs: replies, checks, the command translator."""
