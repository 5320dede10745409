-- A session's check-in and its own record.
-- At a session's start the bot posts a check-in message ("Ben je er?"); `checkin_messages` holds it, a draft
-- (no message_id yet) between posting and recording, like every message posted the one way. A member checks in
-- once per session (`checkins`, their own row). `session_records` keeps the organisers' record of the session
-- (the five paragraphs of `/session close`): one row per session, overwritten on each save, with who saved it.

CREATE TABLE checkin_messages (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    message_id INTEGER,
    created_at TEXT NOT NULL
);

CREATE TABLE checkins (
    session_id    INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    checked_in_at TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE INDEX checkins_by_user ON checkins (user_id);

CREATE TABLE session_records (
    session_id    INTEGER PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    stands_out    TEXT,
    opportunities TEXT,
    follow_up     TEXT,
    proposals     TEXT,
    notes         TEXT,
    updated_by    INTEGER NOT NULL,
    updated_at    TEXT NOT NULL
);
