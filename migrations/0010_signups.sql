-- Sign-up calls: one question to which municipalities answer "we're in", collected until a deadline. One entry
-- per municipality per call, made by the members who signed it up, each with their own note; the entry lasts as
-- long as one of them is still in it (the same rule as host entries, 0007). Names are kept as they were, so
-- entries of a merged municipality stay readable.

CREATE TABLE signup_calls (
    id           INTEGER PRIMARY KEY,
    guild_id     INTEGER NOT NULL,
    channel_id   INTEGER NOT NULL,
    message_id   INTEGER,
    question     TEXT NOT NULL,
    closes_at    TEXT,
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by   INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE INDEX signup_calls_by_guild ON signup_calls (guild_id, status);

CREATE TABLE signup_entries (
    id                INTEGER PRIMARY KEY,
    call_id           INTEGER NOT NULL REFERENCES signup_calls (id) ON DELETE CASCADE,
    municipality_code TEXT NOT NULL,
    municipality_name TEXT NOT NULL,
    created_at        TEXT NOT NULL,
    UNIQUE (call_id, municipality_code)
);

CREATE TABLE signup_members (
    entry_id   INTEGER NOT NULL REFERENCES signup_entries (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    note       TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, user_id)
);

CREATE INDEX signup_members_by_user ON signup_members (user_id);

CREATE TRIGGER signup_entry_ends_with_its_last_member
AFTER DELETE ON signup_members
WHEN NOT EXISTS (SELECT 1 FROM signup_members WHERE entry_id = OLD.entry_id)
BEGIN
    DELETE FROM signup_entries WHERE id = OLD.entry_id;
END;
