-- Every change of an idea's status is kept: the status, the note, the municipality that took it up, the
-- organiser and the moment. The idea itself keeps its current status and who took it up, for lists.
-- The first build kept only the current status: an idea whose status was changed gets that as the first
-- entry of its history, by an unknown organiser (0) at the idea's last update.

ALTER TABLE ideas ADD COLUMN taken_up_code TEXT;
ALTER TABLE ideas ADD COLUMN taken_up_name TEXT;

CREATE TABLE idea_status_changes (
    id                INTEGER PRIMARY KEY,
    idea_id           INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    status            TEXT NOT NULL,
    note              TEXT,
    municipality_code TEXT,
    municipality_name TEXT,
    changed_by        INTEGER NOT NULL,
    changed_at        TEXT NOT NULL
);

CREATE INDEX idea_status_changes_by_idea ON idea_status_changes (idea_id, id);

INSERT INTO idea_status_changes (idea_id, status, note, changed_by, changed_at)
    SELECT id, status, status_note, 0, updated_at FROM ideas WHERE status != 'new';
