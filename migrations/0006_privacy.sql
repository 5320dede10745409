-- Privacy and the data lifecycle: per-server retention settings, erasures waiting out their grace
-- period, and the audit log of organiser actions that touch other people's data.

-- What happens to a member's ideas when their data is erased: kept as "deelnemer uit <gemeente>"
-- (anonymise) or removed (erase); also applied to ideas and attendance older than retention_months.
ALTER TABLE guild_settings ADD COLUMN member_ideas TEXT NOT NULL DEFAULT 'anonymise'
    CHECK (member_ideas IN ('anonymise', 'erase'));
-- Days between a member leaving (or the bot being removed) and the erasure of their (its) data.
ALTER TABLE guild_settings ADD COLUMN grace_days INTEGER NOT NULL DEFAULT 30;
-- Ideas and attendance older than this many months are anonymised or erased; NULL keeps them.
ALTER TABLE guild_settings ADD COLUMN retention_months INTEGER;

-- An erasure waiting for its grace period: of one member (user_id) or, with user_id 0, of the whole
-- server. Its timer (kind 'privacy_erasure') has this row's id as subject; AUTOINCREMENT keeps ids
-- unique for the timers' (kind, subject_id). The row goes when the erasure runs or is called off.
CREATE TABLE pending_erasures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id     INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    requested_at TEXT NOT NULL,
    UNIQUE (guild_id, user_id)
);

-- Who (actor_id; 0 = the bot itself or a removed member) did what (action, detail) when.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    actor_id   INTEGER NOT NULL,
    action     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE INDEX audit_log_by_guild ON audit_log (guild_id, id);
