from apps.passports import mrz

LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"


def test_specimen_check_digit():
    assert mrz.check_digit("L898902C3") == "6"
    assert mrz.check_digit("740812") == "2"
    assert mrz.check_digit("120415") == "9"


def test_full_td3_specimen_is_valid_and_parsed():
    parsed = mrz.parse_td3(LINE1, LINE2)
    assert parsed.valid, parsed.errors
    assert (parsed.surname, parsed.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert (parsed.number, parsed.nationality, parsed.birth_date, parsed.sex, parsed.expiry_date) == (
        "L898902C3",
        "UTO",
        "740812",
        "F",
        "120415",
    )


def test_failing_check_digits_name_the_field():
    bad_number = LINE2.replace("L898902C36", "L898902C37")
    errors = mrz.parse_td3(LINE1, bad_number).errors
    assert any("证件号码" in e and "应为 6" in e for e in errors)
    bad_expiry = LINE2[:27] + "0" + LINE2[28:]
    errors = mrz.parse_td3(LINE1, bad_expiry).errors
    assert any("有效期" in e for e in errors)
    bad_composite = LINE2[:43] + "5"
    assert any("综合" in e for e in mrz.parse_td3(LINE1, bad_composite).errors)


def test_length_message():
    errors = mrz.parse_td3(LINE1, LINE2[:40]).errors
    assert errors == ["机读码第二行应为44个字符，当前为40个。"]
