-- A municipality's host entry (one session of one call) belongs to the members who made it: each has a row
-- of their own with their own note, and the entry lasts as long as one of them is still in it. The first
-- build appended colleagues' notes to the first volunteer's note; those cannot be told apart and stay
-- with that member.

CREATE TABLE host_volunteer_members (
    volunteer_id INTEGER NOT NULL REFERENCES host_volunteers (id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    note         TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (volunteer_id, user_id)
);

CREATE INDEX host_volunteer_members_by_user ON host_volunteer_members (user_id);

INSERT INTO host_volunteer_members (volunteer_id, user_id, note, created_at)
    SELECT id, volunteered_by, note, created_at FROM host_volunteers;

ALTER TABLE host_volunteers DROP COLUMN note;
ALTER TABLE host_volunteers DROP COLUMN volunteered_by;

CREATE TRIGGER host_entry_ends_with_its_last_member
AFTER DELETE ON host_volunteer_members
WHEN NOT EXISTS (SELECT 1 FROM host_volunteer_members WHERE volunteer_id = OLD.volunteer_id)
BEGIN
    DELETE FROM host_volunteers WHERE id = OLD.volunteer_id;
END;
