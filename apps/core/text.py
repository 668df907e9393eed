"""Chinese text helpers: pinyin sort keys, passport-style names, and a record's name in the reader's
language."""

from django.utils import translation
from pypinyin import Style, lazy_pinyin


def reader_is_english() -> bool:
    """English is the active language (the page's reader's)."""
    return (translation.get_language() or "").startswith("en")


def in_reader_language(name: str, name_en: str = "", *rest) -> str:
    """A record's name in the reader's language: ``name_en`` when English is active and it is filled in,
    else the Chinese ``name`` (data, not UI text: units, divisions, case types). The one rule behind the
    ``localized_name`` filter, the pickers' labels and the lists' choices."""
    if name_en and reader_is_english():
        return name_en
    return name or ""


def pinyin_key(text: str) -> str:
    """Sort key in pinyin order (what Chinese users expect of a list of names)."""
    if not text:
        return ""
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="default")).lower()


# Compound surnames (复姓), written as one word in a passport: 欧阳明辉 → OUYANG MINGHUI.
COMPOUND_SURNAMES = (
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "令狐",
    "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "澹台", "公冶", "太史", "申屠", "钟离",
    "闻人", "赫连", "万俟", "濮阳", "单于", "宗政", "仲孙", "东郭", "拓跋", "司空", "闾丘", "亓官", "左丘",
    "谷梁", "公羊", "乐正", "漆雕", "壤驷", "公良", "梁丘", "第五",
)  # fmt: skip
# Surnames read otherwise than the character's common reading (单 shan, not dan; 曾 zeng, not ceng).
SURNAME_READINGS = {
    "单": "shan", "曾": "zeng", "解": "xie", "仇": "qiu", "朴": "piao", "查": "zha", "区": "ou", "覃": "qin",
    "乐": "yue", "缪": "miao", "翟": "zhai", "盖": "ge", "长": "chang", "尉迟": "yuchi", "万俟": "moqi",
    "长孙": "zhangsun", "单于": "chanyu", "召": "shao", "员": "yun", "繁": "po", "秘": "bi", "那": "na",
    "折": "she", "种": "chong", "任": "ren", "沈": "shen", "华": "hua", "纪": "ji", "过": "guo",
}  # fmt: skip


def _passport_syllable(syllable: str) -> str:
    """ü is written YU in a passport (公安部 rule): 吕 lǚ → LYU, 女 nǚ → NYU, 略 lüè → LYUE."""
    return syllable.replace("v", "yu").replace("ü", "yu")


def split_name(full_name: str) -> tuple[str, str]:
    """(surname, given name) of a Chinese name: a compound surname when the name starts with one."""
    name = "".join((full_name or "").split())
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound) and len(name) > len(compound):
            return compound, name[len(compound) :]
    return name[:1], name[1:]


def passport_name(full_name: str) -> str:
    """张伟 → ``ZHANG WEI`` (surname first, as printed in a Chinese passport); 吕 → LYU; compound
    surnames as one word (欧阳明辉 → ``OUYANG MINGHUI``); the user can edit it."""
    surname, given = split_name(full_name)
    if not surname:
        return ""
    if surname in SURNAME_READINGS:
        sur = SURNAME_READINGS[surname]
    else:
        sur = "".join(lazy_pinyin(surname, style=Style.NORMAL, errors="ignore", v_to_u=False))
    given_py = "".join(lazy_pinyin(given, style=Style.NORMAL, errors="ignore", v_to_u=False))
    sur, given_py = _passport_syllable(sur), _passport_syllable(given_py)
    return f"{sur} {given_py}".upper().strip()
