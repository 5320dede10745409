-- The secret in a server's calendar feed address (/calendar/<token>.ics). Only its SHA-256 digest is kept,
-- so the database alone cannot be turned into working feed addresses; one current token per server, and
-- making a new one replaces it. No member id: who made or rotated it is in the audit log.

CREATE TABLE calendar_tokens (
    guild_id   INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);
