import datetime

import factory

from apps.passports.models import Kind, Passport, Status


class PassportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Passport

    kind = Kind.OFFICIAL
    number = factory.Sequence(lambda n: f"S{10000000 + n:08d}")
    issue_date = datetime.date(2022, 1, 10)
    expiry_date = datetime.date(2031, 1, 9)
    issuing_authority = "江苏省人民政府外事办公室"
    status = Status.IN_CUSTODY
