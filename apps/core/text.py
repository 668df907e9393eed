"""Chinese text helpers: pinyin sort keys and passport-style names."""

from pypinyin import Style, lazy_pinyin


def pinyin_key(text: str) -> str:
    """Sort key in pinyin order (what Chinese users expect of a list of names)."""
    if not text:
        return ""
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).lower()


def passport_name(full_name: str) -> str:
    """张伟 → ``ZHANG WEI`` (surname first, as printed in a Chinese passport); the user can edit it."""
    syllables = lazy_pinyin(full_name or "", style=Style.NORMAL, errors="ignore")
    if not syllables:
        return ""
    surname, given = syllables[0], "".join(syllables[1:])
    return f"{surname} {given}".upper().strip()
