-- Durable timers: every reminder, deadline and scheduled erasure is a row here. The scheduler only
-- wakes the bot at the earliest pending row; the rows are the truth and survive restarts.

CREATE TABLE timers (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    subject_id      INTEGER NOT NULL,
    due_at          TEXT NOT NULL,
    next_attempt_at TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'running', 'done', 'late', 'missed', 'failed', 'cancelled')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    in_doubt        INTEGER NOT NULL DEFAULT 0,
    claimed_at      TEXT,
    finished_at     TEXT,
    result          TEXT,
    last_error      TEXT,
    UNIQUE (kind, subject_id)
);

CREATE INDEX timers_pending ON timers (next_attempt_at) WHERE status = 'pending';
CREATE INDEX timers_by_guild ON timers (guild_id, kind);
