"""A gift's photo in Chromium: the unit's clerk uploads it on the gift's page, the page shows it (an image
the browser really decodes, no wider than its card: on a 390 px phone too), a file that is not a picture
is refused with the message. Screenshots at 1366 px and 390 px go to /tmp/gift_photo_*.png."""

import io
import shutil

import pytest
from playwright.sync_api import expect

from .test_account_security import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("[data-testid=login-form] button[type=submit]").click()


def test_photo_uploaded_and_shown_on_desktop_and_phone(page, live_server, make_user, units, tmp_path):
    from decimal import Decimal

    from django.utils import timezone
    from PIL import Image

    from apps.visits import services

    unit = units["徐州市教育局"]
    clerk = make_user("zhuanban", roles=["unit_clerk"], unit=unit)
    gift = services.gift_create(
        by=clerk,
        unit=unit,
        data={
            "direction": "received",
            "description": "景泰蓝花瓶",
            "counterpart": "法国圣艾蒂安市政府",
            "person": "李主任",
            "on_date": timezone.localdate(),
            "value": Decimal("800"),
        },
    )
    png = io.BytesIO()
    Image.new("RGB", (1600, 1200), (180, 40, 40)).save(png, "PNG")  # wider than any card
    photo = tmp_path / "vase.png"
    photo.write_bytes(png.getvalue())
    fake = tmp_path / "fake.png"
    fake.write_bytes(b"<html>not a picture</html>")

    sign_in(page, live_server, "zhuanban")
    page.goto(f"{live_server.url}/visits/gifts/{gift.pk}/")
    box = page.locator("[data-testid=gift-photo]")
    expect(box).to_contain_text("无照片")
    page.set_input_files("[data-testid=gift-photo-form] input[name=photo]", str(fake))
    with page.expect_navigation():
        page.locator("[data-testid=gift-photo-form] button[type=submit]").click()
    expect(box).to_contain_text("上传的文件不是图片")

    page.set_input_files("[data-testid=gift-photo-form] input[name=photo]", str(photo))
    with page.expect_navigation():
        page.locator("[data-testid=gift-photo-form] button[type=submit]").click()
    img = box.locator("img")
    expect(img).to_have_attribute("alt", "礼品照片：景泰蓝花瓶")
    page.wait_for_function("() => document.querySelector('[data-testid=gift-photo] img').naturalWidth > 0")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        img.scroll_into_view_if_needed()
        shown = img.bounding_box()
        card = box.bounding_box()
        assert shown["width"] <= card["width"] and shown["width"] <= 32 * 16 + 1, (width, shown, card)
        no_scroll = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert no_scroll, f"the page scrolls sideways at {width} px"
        shot = tmp_path / f"gift_photo_{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        shutil.copy(shot, f"/tmp/gift_photo_{width}.png")
