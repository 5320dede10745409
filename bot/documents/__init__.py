"""Documents the bot writes: the follow-up report (Markdown + chart) and data exports. No Discord in here."""
