"""Vietnamese text helpers: normalisation, accent folding, slugs and dates.

Every user-visible string goes through :func:`nfc`; every URL slug through
:func:`slugify`, so a citizen typing without diacritics and a browser asking for
an ASCII path both land on the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# Characters typical of text typed in the legacy TCVN3 (ABC) or VNI encodings
# and then read as Unicode ("Thñ tôc", "Ch¬ng tr×nh", "Së Néi vô tØnh").
# Vietnamese never uses them, so one of them is a reliable sign of mojibake.
_LEGACY_MARKERS = re.compile(r"[¬×÷¸¹¶µ¦§¨ª®¯°±²³´¼½¾¿¡¢£¤¥ÆÇËÎÏÑÖØÜÞßåæçëîïñöøûüþÿ]")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the one form the site stores and shows."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its accents, mapping đ/Đ to d by hand.

    đ is a letter of its own and does not decompose under NFD, so removing
    combining marks alone would leave it in place.
    """
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.lower()


def slugify(text: str) -> str:
    """Return an ASCII slug: accents folded, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def looks_like_legacy_encoding(text: str) -> bool:
    """True when ``text`` shows the marks of TCVN3/VNI text misread as Unicode."""
    return bool(_LEGACY_MARKERS.search(text))


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the way Vietnamese documents write dates."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_datetime(value: dt.datetime) -> str:
    """dd/mm/yyyy HH:MM in Asia/Ho_Chi_Minh time."""
    return value.astimezone(TZ).strftime("%d/%m/%Y %H:%M")


def month_label(year: int, month: int) -> str:
    """"tháng 3/2024": how a month is named in headings."""
    return f"tháng {month}/{year}"
