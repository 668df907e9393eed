import datetime

import pytest

from apps.people import idcard


def test_check_character_of_the_standard_examples():
    # GB 11643-1999's own examples.
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.check_char("44052418800101001") == "4"
    assert idcard.validate("11010519491231002x") == "11010519491231002X"


def test_wrong_check_character_names_the_expected_one():
    with pytest.raises(idcard.IdNumberError) as err:
        idcard.validate("110105194912310021")
    assert "校验位错误" in str(err.value) and "X" in str(err.value)


def test_length_and_birth_date_messages():
    with pytest.raises(idcard.IdNumberError, match="18位"):
        idcard.validate("1101051949")
    with pytest.raises(idcard.IdNumberError, match="出生日期"):
        idcard.validate(idcard.make_fake("329900", datetime.date(1949, 12, 31), 2).replace("1231", "1332"))


def test_birth_date_must_match_the_typed_date_of_birth():
    number = idcard.make_fake("329900", datetime.date(1980, 5, 17), 3)
    assert idcard.validate(number, date_of_birth=datetime.date(1980, 5, 17), sex="M") == number
    with pytest.raises(idcard.IdNumberError) as err:
        idcard.validate(number, date_of_birth=datetime.date(1980, 5, 18))
    assert "1980-05-17" in str(err.value) and "1980-05-18" in str(err.value)
    with pytest.raises(idcard.IdNumberError, match="性别"):
        idcard.validate(number, sex="F")
