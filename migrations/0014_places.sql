-- Places: a session may have a capacity; "Ik kom" beyond it puts the member on the waiting list.
-- An RSVP now has a state ('coming', 'not_coming', 'waiting') and a source: 'member' (button or command)
-- or 'event' (marked "Interested" on the session's Discord event; removing that interest withdraws only
-- such an RSVP). The waiting list is ordered by when a member joined it (updated_at, then rowid).
-- `attending` stays, derived from the state (1 coming, 0 not coming, NULL waiting), so every reader that
-- counts who is coming or not reads it as before.

ALTER TABLE sessions ADD COLUMN capacity INTEGER CHECK (capacity IS NULL OR capacity > 0);

CREATE TABLE rsvps_with_state (
    session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('coming', 'not_coming', 'waiting')),
    source     TEXT NOT NULL DEFAULT 'member' CHECK (source IN ('member', 'event')),
    attending  INTEGER GENERATED ALWAYS AS (CASE state WHEN 'coming' THEN 1 WHEN 'not_coming' THEN 0 END) VIRTUAL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

INSERT INTO rsvps_with_state (rowid, session_id, user_id, state, updated_at)
SELECT rowid, session_id, user_id, CASE attending WHEN 1 THEN 'coming' ELSE 'not_coming' END, updated_at FROM rsvps;

DROP TABLE rsvps;
ALTER TABLE rsvps_with_state RENAME TO rsvps;

CREATE INDEX rsvps_by_state ON rsvps (session_id, state, updated_at);
