-- Reserved for the direct-message outbox (built on another branch); this placeholder keeps the levels without
-- gaps until that branch is merged, when its own 0013 replaces this file.
SELECT 1;
