"""Demo people: about 60 generated officials across the units, with fake ID numbers.

The ID numbers carry a valid GB 11643 check character but use the unassigned area code 329900, so they
are never a real person's. Names are generated from common surnames and given-name characters.
Idempotent: a person is identified by the keyed hash of their ID number.

    from apps.people import demo; demo.load(units)   # units: {name: Unit} from apps.org.demo.load_units()
"""

from __future__ import annotations

import datetime
import random

from apps.core.crypto import lookup_hash
from apps.core.text import passport_name

from . import idcard
from .models import Person

FAKE_AREA = "329900"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌晓东海波宁鹏飞雪梅琳婷慧颖"
TITLES = [
    ("局长", "division", True),
    ("副局长", "division", True),
    ("处长", "division", False),
    ("副处长", "division", False),
    ("科长", "section", False),
    ("主任科员", "section", False),
    ("科员", "section", False),
    ("教授", "other", False),
    ("副教授", "other", False),
    ("工程师", "other", False),
]
COUNT = 60


def _rank_codes() -> set[str]:
    from .selectors import rank_choices

    return {code for code, _label in rank_choices()}


def generate(seed: int = 2026, count: int = COUNT):
    rng = random.Random(seed)
    seen = set()
    for i in range(count):
        while True:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            if name not in seen:
                seen.add(name)
                break
        born = datetime.date(1965, 1, 1) + datetime.timedelta(days=rng.randrange(0, 30 * 365))
        sex = rng.choice("MF")
        sequence = 900 + (i % 50) * 2 + (1 if sex == "M" else 0)
        yield {
            "index": i,
            "full_name": name,
            "sex": sex,
            "date_of_birth": born,
            "id_number": idcard.make_fake(FAKE_AREA, born, sequence % 1000),
            "title": rng.choice(TITLES),
            "phone": f"1380516{i:04d}",
        }


def load(units: dict) -> list[Person]:
    unit_list = [u for _name, u in sorted(units.items())]
    ranks = _rank_codes()
    people = []
    for spec in generate():
        existing = Person.objects.filter(id_number_hash=lookup_hash(spec["id_number"])).first()
        if existing:
            people.append(existing)
            continue
        title, rank, leader = spec["title"]
        unit = unit_list[spec["index"] % len(unit_list)]
        people.append(
            Person.objects.create(
                full_name=spec["full_name"],
                passport_name=passport_name(spec["full_name"]),
                sex=spec["sex"],
                date_of_birth=spec["date_of_birth"],
                place_of_birth="江苏徐州",
                unit=unit,
                title=title,
                rank=rank if rank in ranks else "",
                id_number=spec["id_number"],
                phone=spec["phone"],
                is_leader_of_unit=leader,
            )
        )
    return people
