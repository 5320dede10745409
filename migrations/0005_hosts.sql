-- Calls for host municipalities: one call covers one or more sessions; one entry per municipality per
-- session of a call. Names are kept as they were, so entries of a merged municipality stay readable.

CREATE TABLE host_calls (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER,
    closes_at    TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by   INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE host_call_sessions (
    call_id    INTEGER NOT NULL REFERENCES host_calls (id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    position   INTEGER NOT NULL,
    PRIMARY KEY (call_id, session_id)
);

CREATE TABLE host_volunteers (
    id                INTEGER PRIMARY KEY,
    call_id           INTEGER NOT NULL REFERENCES host_calls (id) ON DELETE CASCADE,
    session_id        INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL,
    municipality_name TEXT NOT NULL,
    note              TEXT,
    volunteered_by    INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (call_id, session_id, municipality_code)
);

CREATE INDEX host_volunteers_by_session ON host_volunteers (session_id);

ALTER TABLE sessions ADD COLUMN host_code TEXT;
ALTER TABLE sessions ADD COLUMN host_name TEXT;
