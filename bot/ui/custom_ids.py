"""Ids in custom_ids and select values: what a (possibly modified) client sends back is read as an id SQLite holds.

Every template writes an id as `ID` (ASCII digits; `\\d` would also take other scripts' digits) and every handler
reads it with `id_in`, so an id out of range reaches the store as 0, which names nothing: the feature then
answers with its usual "unknown …" refusal and changes nothing.
"""

ID = r"[0-9]+"
MAX_ID = 2**63 - 1  # SQLite's largest INTEGER; a larger one raises OverflowError when bound


def id_in(text: str) -> int:
    """The id that `text` (a custom_id's id part or a select value) names; 0 if it is not one in 1..2**63-1."""
    if not (text.isascii() and text.isdigit()):
        return 0
    number = int(text)
    return number if number <= MAX_ID else 0
