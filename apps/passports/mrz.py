"""ICAO Doc 9303 machine-readable zone (TD3: passports, two lines of 44 characters).

Check digits: each character gets a value (0–9 digits, A–Z = 10–35, filler ``<`` = 0), is multiplied by
the repeating weights 7, 3, 1, and the sum modulo 10 is the check digit. TD3 line 2 carries check
digits for the document number, the birth date, the expiry date, the optional data, and a composite
check over all of them. Specimen (Doc 9303 part 4): ``L898902C3`` → 6.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

WEIGHTS = (7, 3, 1)
TD3_LENGTH = 44
_ALLOWED = re.compile(r"^[A-Z0-9<]+$")


def char_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    if ch == "<":
        return 0
    raise ValueError(ch)


def check_digit(data: str) -> str:
    """The ICAO 9303 check digit (as a character) of ``data``."""
    return str(sum(char_value(c) * WEIGHTS[i % 3] for i, c in enumerate(data)) % 10)


@dataclass
class TD3:
    document_code: str = ""
    issuing_state: str = ""
    surname: str = ""
    given_names: str = ""
    number: str = ""
    nationality: str = ""
    birth_date: str = ""  # YYMMDD as printed
    sex: str = ""
    expiry_date: str = ""  # YYMMDD as printed
    optional_data: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.errors


def normalise_line(line: str | None) -> str:
    return "".join(str(line or "").split()).upper()


def _check(errors: list[str], label, data: str, digit: str, *, optional: bool = False) -> None:
    if optional and digit == "<" and set(data) <= {"<"}:
        return
    expected = check_digit(data)
    if digit != expected:
        errors.append(
            _("机读码%(field)s校验位错误：应为 %(expected)s，实际为 %(actual)s。")
            % {"field": label, "expected": expected, "actual": digit}
        )


def parse_td3(line1: str | None, line2: str | None) -> TD3:
    """Parse and check a TD3 MRZ; ``result.errors`` name each failing field in words for the user."""
    l1, l2 = normalise_line(line1), normalise_line(line2)
    result = TD3()
    for label, line in ((pgettext("mrz", "第一行"), l1), (pgettext("mrz", "第二行"), l2)):
        if len(line) != TD3_LENGTH:
            result.errors.append(
                _("机读码%(line)s应为44个字符，当前为%(n)d个。") % {"line": label, "n": len(line)}
            )
        elif not _ALLOWED.match(line):
            result.errors.append(_("机读码%(line)s只能包含大写字母、数字和“<”。") % {"line": label})
    if result.errors:
        return result
    result.document_code = l1[0:2].replace("<", "")
    result.issuing_state = l1[2:5].replace("<", "")
    names = l1[5:44].split("<<", 1)
    result.surname = names[0].replace("<", " ").strip()
    result.given_names = (names[1] if len(names) > 1 else "").replace("<", " ").strip()
    result.number = l2[0:9].replace("<", "")
    result.nationality = l2[10:13].replace("<", "")
    result.birth_date = l2[13:19]
    result.sex = l2[20]
    result.expiry_date = l2[21:27]
    result.optional_data = l2[28:42].replace("<", "")
    errors = result.errors
    if l1[0] != "P":
        errors.append(_("机读码第一行应以“P”开头（护照）。"))
    _check(errors, pgettext("mrz", "证件号码"), l2[0:9], l2[9])
    _check(errors, pgettext("mrz", "出生日期"), l2[13:19], l2[19])
    _check(errors, pgettext("mrz", "有效期"), l2[21:27], l2[27])
    _check(errors, pgettext("mrz", "个人号码（可选数据）"), l2[28:42], l2[42], optional=True)
    _check(errors, pgettext("mrz", "综合"), l2[0:10] + l2[13:20] + l2[21:43], l2[43])
    for label, value in (
        (pgettext("mrz", "出生日期"), result.birth_date),
        (pgettext("mrz", "有效期"), result.expiry_date),
    ):
        if not value.isdigit() or _yymmdd_invalid(value):
            errors.append(_("机读码%(field)s不是有效日期（YYMMDD）。") % {"field": label})
    return result


def _yymmdd_invalid(value: str) -> bool:
    try:
        datetime.date(2000 + int(value[0:2]), int(value[2:4]), int(value[4:6]))
    except ValueError:
        return True
    return False


def yymmdd(d: datetime.date | None) -> str:
    return d.strftime("%y%m%d") if d else ""


def compare(parsed: TD3, *, number: str = "", expiry_date=None, birth_date=None, sex: str = "") -> list[str]:
    """Differences between a valid MRZ and the typed fields, each as a message naming the field."""
    errors = []
    if number and parsed.number != number.upper().replace(" ", ""):
        errors.append(_("机读码中的证件号码与填写的号码不一致。"))
    if expiry_date and parsed.expiry_date != yymmdd(expiry_date):
        errors.append(
            _("机读码中的有效期 %(mrz)s 与填写的有效期至 %(typed)s 不一致。")
            % {"mrz": parsed.expiry_date, "typed": expiry_date.isoformat()}
        )
    if birth_date and parsed.birth_date != yymmdd(birth_date):
        errors.append(
            _("机读码中的出生日期 %(mrz)s 与持照人的出生日期 %(typed)s 不一致。")
            % {"mrz": parsed.birth_date, "typed": birth_date.isoformat()}
        )
    if sex in ("M", "F") and parsed.sex in ("M", "F") and parsed.sex != sex:
        errors.append(_("机读码中的性别与持照人的性别不一致。"))
    return errors
