-- Shared material: a link (http or https) or a file, optionally tied to a session. A file is kept as the bot's own
-- message that carries it (Discord's attachment links expire, a message link does not): channel_id and message_id
-- name that message, and a file row without message_id is a draft between posting and recording (bot/ui/posting.py).
-- The sharer's id goes to 0 when they erase their data; the material stays, unattributed.

CREATE TABLE resources (
    id          INTEGER PRIMARY KEY,
    guild_id    INTEGER NOT NULL,
    session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
    title       TEXT NOT NULL,
    description TEXT,
    url         TEXT,
    host        TEXT,
    filename    TEXT,
    channel_id  INTEGER,
    message_id  INTEGER,
    shared_by   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    CHECK ((url IS NULL) != (filename IS NULL)),
    CHECK (url IS NULL OR host IS NOT NULL),
    CHECK (filename IS NULL OR channel_id IS NOT NULL)
);

CREATE INDEX resources_by_guild ON resources (guild_id, id);
CREATE INDEX resources_by_session ON resources (session_id, id);
CREATE INDEX resources_by_sharer ON resources (shared_by);
