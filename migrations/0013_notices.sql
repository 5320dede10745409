-- Telling members something personally: a durable outbox of direct messages with a mention fallback.
--
-- A notice batch is one change told to several members (an idea's new status, a reminder): what it says
-- (kind + JSON params, a link), where its one public line goes (with a mention of everyone whose direct
-- message Discord refused) and whether that line is posted even when nobody needs a mention. A batch is
-- delivered by a durable timer of kind 'notice' (or inline by its feature's own timer). A later batch with
-- the same coalesce key replaces a batch that has not started yet ('superseded'), so two quick changes give
-- one message, the last. `origin` makes creating a feature's batch idempotent (e.g. 'reminder:12').
--
-- A notice is one member's direct message of a batch: pending → sending (in doubt until settled) → sent,
-- refused (Discord said no: mentioned in the public line), skipped (notifications off) or superseded.

CREATE TABLE member_preferences (
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    notifications TEXT NOT NULL DEFAULT 'on' CHECK (notifications IN ('on', 'off')),
    reminders     TEXT NOT NULL DEFAULT 'channel' CHECK (reminders IN ('channel', 'dm')),
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

CREATE TABLE notice_batches (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    params          TEXT NOT NULL,
    link            TEXT,
    channel_id      INTEGER,
    announce        INTEGER NOT NULL DEFAULT 0,
    coalesce_key    TEXT,
    origin          TEXT UNIQUE,
    status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'superseded', 'done')),
    line_status     TEXT NOT NULL DEFAULT 'pending' CHECK (line_status IN ('pending', 'sending', 'posted', 'none')),
    line_message_id INTEGER,
    mentioned       INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL
);

CREATE INDEX notice_batches_coalescing ON notice_batches (guild_id, coalesce_key) WHERE status = 'pending';

CREATE TABLE notices (
    id         INTEGER PRIMARY KEY,
    batch_id   INTEGER NOT NULL REFERENCES notice_batches (id) ON DELETE CASCADE,
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    status     TEXT NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'sending', 'sent', 'refused', 'skipped', 'superseded')),
    message_id INTEGER,
    settled_at TEXT,
    UNIQUE (batch_id, user_id)
);

CREATE INDEX notices_by_member ON notices (guild_id, user_id);
