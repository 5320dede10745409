-- Per-server settings and members' profiles.

CREATE TABLE guild_settings (
    guild_id          INTEGER PRIMARY KEY,
    language          TEXT CHECK (language IN ('nl', 'en')),
    timezone          TEXT NOT NULL DEFAULT 'Europe/Amsterdam',
    organiser_role_id INTEGER,
    reminder_offsets  TEXT NOT NULL DEFAULT '7d,1d',
    updated_at        TEXT NOT NULL
);

CREATE TABLE profiles (
    guild_id          INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    municipality_code TEXT,
    organisation      TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
