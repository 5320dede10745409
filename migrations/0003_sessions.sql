-- Sessions (meetings of the learning circle), members' RSVPs and the reminders before each session.
-- Times a person chose are kept as wall-clock time plus IANA zone (and fold for the repeated autumn
-- hour); the UTC moment is derived from them and kept beside them for ordering and scheduling.
-- A session is a 'draft' from its creation until its announcement is posted and recorded; drafts left
-- by a crash in between are reconciled at start (published if the announcement went out, else removed).

CREATE TABLE sessions (
    id                      INTEGER PRIMARY KEY,
    guild_id                INTEGER NOT NULL,
    title                   TEXT NOT NULL,
    starts_local            TEXT NOT NULL,
    zone                    TEXT NOT NULL,
    fold                    INTEGER NOT NULL DEFAULT 0,
    starts_at               TEXT NOT NULL,
    duration_minutes        INTEGER NOT NULL,
    location                TEXT,
    description             TEXT,
    channel_id              INTEGER NOT NULL,
    announcement_message_id INTEGER,
    scheduled_event_id      INTEGER,
    status                  TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'planned', 'cancelled')),
    sequence                INTEGER NOT NULL DEFAULT 0,
    created_by              INTEGER NOT NULL,
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);

CREATE INDEX sessions_by_guild ON sessions (guild_id, starts_at);

CREATE TABLE rsvps (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    attending  INTEGER NOT NULL CHECK (attending IN (0, 1)),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    session_id     INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    offset_minutes INTEGER,
    fire_local     TEXT NOT NULL,
    zone           TEXT NOT NULL,
    fold           INTEGER NOT NULL DEFAULT 0,
    message        TEXT,
    is_default     INTEGER NOT NULL DEFAULT 0,
    created_by     INTEGER,
    created_at     TEXT NOT NULL
);

CREATE INDEX reminders_by_session ON reminders (session_id);

-- Notices the bot gives a server only once (such as: it may not create Discord events).
CREATE TABLE guild_notices (
    guild_id   INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, kind)
);
