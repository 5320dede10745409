-- Themes, merging and the duplicate guard.
-- An idea may be put under a theme (free text, one per idea) and merged into another idea of the same
-- server: merged_into always names an idea that is not merged itself (merging into a merged idea follows
-- to the end, and ideas merged into the one being merged move along), so a merge chain has one step.
-- Support that came with a merge names the merged idea it came from (via_idea_id).
-- An idea from the form or /idea add that resembles open ideas waits as a pending idea, with the ideas
-- offered to the member, until they choose "Steun #N" or "Toch insturen": its text survives a restart.

ALTER TABLE ideas ADD COLUMN theme TEXT;
ALTER TABLE ideas ADD COLUMN merged_into INTEGER REFERENCES ideas (id) ON DELETE SET NULL;
ALTER TABLE ideas ADD COLUMN merged_by INTEGER;
ALTER TABLE ideas ADD COLUMN merged_at TEXT;

CREATE INDEX ideas_by_theme ON ideas (guild_id, theme);
CREATE INDEX ideas_merged_into ON ideas (merged_into);

ALTER TABLE idea_support ADD COLUMN via_idea_id INTEGER REFERENCES ideas (id) ON DELETE SET NULL;

CREATE TABLE pending_ideas (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    guild_id       INTEGER NOT NULL,
    prompt_id      INTEGER NOT NULL REFERENCES prompts (id) ON DELETE CASCADE,
    author_id      INTEGER NOT NULL,
    text           TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('form', 'command')),
    interaction_id INTEGER NOT NULL UNIQUE,
    created_at     TEXT NOT NULL
);

CREATE TABLE pending_idea_offers (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    pending_id INTEGER NOT NULL REFERENCES pending_ideas (id) ON DELETE CASCADE,
    idea_id    INTEGER NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
    UNIQUE (pending_id, idea_id)
);

CREATE INDEX pending_idea_offers_by_idea ON pending_idea_offers (idea_id);
