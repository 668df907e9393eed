"""Ids from user input: anything that is not a positive integer a database key can hold is no id.

``parse_id`` for query-string filters (``?unit=…``): a bad value means "no such object" rather than a
500 (``int("9" * 20)`` overflows SQLite and PostgreSQL ``bigint``). ``IdParam`` is the same bound for the
ninja API, whose query parameters then answer 422 with a message.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**63 - 1  # the largest value of a signed 64-bit (bigint) primary key

IdParam = Annotated[int, Field(ge=1, le=MAX_ID)]


def parse_id(value) -> int | None:
    """``value`` as a positive integer id within the database's range, else ``None``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "").strip()
        if not text or len(text) > 19 or not (text.isascii() and text.isdigit()):
            return None
        number = int(text)
    return number if 1 <= number <= MAX_ID else None
