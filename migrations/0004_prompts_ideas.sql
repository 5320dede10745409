-- Follow-up prompts, the ideas members contribute to them, and support for ideas.
-- Every way in has a natural key (the member's message id, or the interaction id of a form or
-- command), kept UNIQUE so that a repeated gateway event or a re-read history stores nothing twice.
-- Numbers members see (#3) are AUTOINCREMENT: never reused, also not after a prompt that could not be
-- posted was removed (its cancelled timers keep their (kind, subject_id)).

CREATE TABLE prompts (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id          INTEGER NOT NULL,
    channel_id        INTEGER NOT NULL,
    message_id        INTEGER UNIQUE,
    thread_id         INTEGER UNIQUE,
    question          TEXT NOT NULL,
    session_id        INTEGER REFERENCES sessions (id) ON DELETE SET NULL,
    closes_at         TEXT,
    status            TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    interaction_id    INTEGER NOT NULL UNIQUE,
    created_by        INTEGER NOT NULL,
    created_at        TEXT NOT NULL,
    closed_at         TEXT,
    digest_message_id INTEGER
);

CREATE INDEX prompts_open ON prompts (guild_id, status, channel_id);

CREATE TABLE ideas (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id              INTEGER NOT NULL,
    prompt_id             INTEGER NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    author_id             INTEGER NOT NULL,
    organisation          TEXT,
    municipality_code     TEXT,
    text                  TEXT NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('reply', 'thread', 'form', 'command')),
    source_message_id     INTEGER UNIQUE,
    source_interaction_id INTEGER UNIQUE,
    channel_id            INTEGER,
    message_id            INTEGER UNIQUE,
    status                TEXT NOT NULL DEFAULT 'new'
                          CHECK (status IN ('new', 'considering', 'taken_up', 'done', 'rejected')),
    status_note           TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    withdrawn_at          TEXT,
    CHECK ((source_message_id IS NULL) <> (source_interaction_id IS NULL))
);

CREATE INDEX ideas_by_prompt ON ideas (prompt_id, withdrawn_at);

CREATE TABLE idea_support (
    idea_id    INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (idea_id, user_id)
);

-- How far the bot has read each prompt channel and thread: every message up to last_message_id
-- has been handled, so a restart reads the history after it.
CREATE TABLE read_cursors (
    channel_id      INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    last_message_id INTEGER NOT NULL
);
