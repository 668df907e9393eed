import datetime

import factory

from apps.people import idcard
from apps.people.models import Person


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"测试{'甲乙丙丁戊己庚辛壬癸'[n % 10]}{n}")
    passport_name = factory.LazyAttribute(lambda o: "CE SHI")
    sex = "M"
    date_of_birth = datetime.date(1980, 5, 17)
    id_number = factory.Sequence(
        lambda n: idcard.make_fake("329900", datetime.date(1980, 5, 17), (n * 2 + 1) % 1000)
    )
    unit = None
