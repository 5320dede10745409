"""Leerkring: a Discord bot that keeps a learning circle's follow-up going between meetings."""
