"""Chinese resident identity card numbers (公民身份号码, GB 11643-1999).

18 characters: a 6-digit address code, the birth date YYYYMMDD, a 3-digit sequence code (odd for men,
even for women) and a check character computed over the first 17 digits with ISO 7064 MOD 11-2.
"""

from __future__ import annotations

import datetime
import re

from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")


class IdNumberError(ValueError):
    """The number is malformed; ``str(err)`` is a message for the user."""


def normalise(value: str | None) -> str:
    return "".join(str(value or "").split()).upper()


def check_char(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def looks_like_id_number(value: str | None) -> bool:
    return bool(_SHAPE.match(normalise(value)))


def birth_date_of(number: str) -> datetime.date | None:
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except (ValueError, IndexError):
        return None


def sex_of(number: str) -> str:
    """``"M"`` or ``"F"`` from the sequence code (odd = male)."""
    return "M" if int(number[16]) % 2 else "F"


def validate(value: str | None, *, date_of_birth: datetime.date | None = None, sex: str | None = None) -> str:
    """The normalised number, or :class:`IdNumberError` with a message naming what is wrong."""
    number = normalise(value)
    if len(number) != 18:
        raise IdNumberError(_("身份证号码应为18位，当前为%(n)d位。") % {"n": len(number)})
    if not _SHAPE.match(number):
        raise IdNumberError(_("身份证号码前17位应为数字，最后一位为数字或X。"))
    born = birth_date_of(number)
    if born is None or born > datetime.date.today() or born.year < 1900:
        raise IdNumberError(_("身份证号码中的出生日期（第7至14位）不是有效日期。"))
    expected = check_char(number[:17])
    if number[17] != expected:
        raise IdNumberError(
            _("身份证号码校验位错误：最后一位应为 %(expected)s，请核对号码。") % {"expected": expected}
        )
    if date_of_birth and born != date_of_birth:
        raise IdNumberError(
            _("身份证号码中的出生日期 %(id_date)s 与填写的出生日期 %(dob)s 不一致。")
            % {"id_date": born.isoformat(), "dob": date_of_birth.isoformat()}
        )
    if sex in ("M", "F") and sex_of(number) != sex:
        raise IdNumberError(_("身份证号码第17位表示的性别与填写的性别不一致。"))
    return number


def make_fake(area: str, born: datetime.date, sequence: int) -> str:
    """A number with a valid check character, for demo data and tests (never a real person's)."""
    first17 = f"{area}{born:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
