"""SQL for merging one idea into another: the mark, the ideas that move along, the support that comes with it."""

from datetime import datetime

from bot.db.codec import to_db
from bot.db.connection import Tx
from bot.db.personal_data import REMOVED_MEMBER


def merge(tx: Tx, idea_id: int, target_id: int, merged_by: int, now: datetime) -> int:
    """Merge idea `idea_id` into `target_id` (an idea not merged itself); return how many supporters it gained.

    Ideas merged into `idea_id` before move along to `target_id`. Its supporters and its author support the target
    once each (a member supporting it already is not counted twice), never the target's own author, never a
    placeholder for a member who is gone.
    """
    stamp = to_db(now)
    tx.execute(
        "UPDATE ideas SET merged_into = ?, merged_by = ?, merged_at = ?, updated_at = ? WHERE id = ?",
        (target_id, merged_by, stamp, stamp, idea_id),
    )
    tx.execute("UPDATE ideas SET merged_into = ? WHERE merged_into = ?", (target_id, idea_id))
    cursor = tx.execute(
        "INSERT INTO idea_support (idea_id, user_id, created_at, via_idea_id) "
        "SELECT :target, member, :now, :idea FROM "
        "(SELECT user_id AS member FROM idea_support WHERE idea_id = :idea "
        "UNION SELECT author_id FROM ideas WHERE id = :idea) "
        "WHERE member > :gone AND member != (SELECT author_id FROM ideas WHERE id = :target) "
        "ON CONFLICT DO NOTHING",
        {"target": target_id, "idea": idea_id, "now": stamp, "gone": REMOVED_MEMBER},
    )
    return cursor.rowcount
