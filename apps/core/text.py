"""Chinese text helpers: pinyin sort keys, passport-style names, and word segmentation for search."""

from functools import lru_cache

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


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


def search_terms(text: str) -> list[str]:
    """Words of a Chinese query (jieba), so that “出访日本” matches a case about 日本 出访."""
    words = [w.strip() for w in _jieba().cut_for_search(text or "") if w.strip()]
    return list(dict.fromkeys(words))
