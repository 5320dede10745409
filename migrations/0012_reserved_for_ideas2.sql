-- Placeholder: version 12 belongs to the ideas2 branch (themes, merging). Migrations must run without gaps,
-- so this branch keeps the number with an empty step; when ideas2's 0012 is merged, this file goes.
SELECT 1;
