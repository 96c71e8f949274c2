"""The posters' QR codes: made from a few codes per address length, they are segno's, byte for byte."""

from __future__ import annotations

import random
import string

import pytest
import segno

from generator.kinds import procedures


def _segno(url: str) -> str:
    return segno.make(url, error="m", mask=0).svg_inline(scale=4, title=f"Mã QR dẫn tới {url}")


def _addresses(count: int, seed: int) -> list[str]:
    """Procedure pages' addresses as a province has them: one site, codes that differ in a few digits."""
    rng = random.Random(seed)
    return [f"https://example.org/cchc-lai-chau/thu-tuc/{rng.randint(1, 3)}.{rng.randint(0, 999_999):06d}/"
            for _ in range(count)]


@pytest.fixture(autouse=True)
def _no_families(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without the codes an earlier one left."""
    monkeypatch.setattr(procedures._QrFamily, "_families", {})


def test_codes_of_one_length_are_segnos():
    urls = _addresses(300, seed=1)
    for url in urls:
        assert procedures.qr_svg(url, f"Mã QR dẫn tới {url}") == _segno(url)
    family = procedures._QrFamily._families[len(urls[0])]
    # the addresses differ only in the code's digits: a few dozen bits, not one code per address
    assert len(family.differences) < 60


def test_every_bit_of_the_address_counts():
    """A difference anywhere in the text (not only in the digits) gives segno's code."""
    base = "https://example.org/cchc-lai-chau/thu-tuc/1.001998/"
    procedures.qr_svg(base, "")
    rng = random.Random(2)
    for _ in range(200):
        chars = list(base)
        for position in rng.sample(range(len(chars)), rng.randint(1, 6)):
            chars[position] = rng.choice(string.ascii_letters + string.digits + "./-_~%?=&")
        url = "".join(chars)
        assert procedures.qr_svg(url, url) == segno.make(url, error="m", mask=0).svg_inline(scale=4, title=url)


@pytest.mark.parametrize("url", [
    "https://a.vn/thu-tuc/x/",                       # short
    "https://example.org/" + "thu-tuc/" * 40,       # a larger version
    "HTTPS://EXAMPLE.ORG/THU-TUC/1.001998/",         # alphanumeric mode: segno's own code
    "https://example.org/thủ-tục/1/",                # not ASCII: segno's own code
    "ab", "1234",                                    # Micro QR codes, numeric mode
    'https://example.org/?a=1&b=<2>"',               # the title is escaped as segno escapes it
])
def test_other_addresses_are_segnos(url: str):
    assert procedures.qr_svg(url, url) == segno.make(url, error="m", mask=0).svg_inline(scale=4, title=url)
