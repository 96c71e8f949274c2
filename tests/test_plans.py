"""Every plan site, built for real, compared with the source document it transcribes.

The expected facts below are read off the seed documents, kept in tests/fixtures/seeds/ (copies of the
project's seed folder, so that a checkout alone runs them), not off the YAML, so a transcription error shows
up as a failure.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from generator.core.vietnamese import fold
from tests.conftest import CONTENT, EXAMPLES, REPO, Built

SEEDS = REPO / "tests" / "fixtures" / "seeds"
GAP = re.compile(r"\[không đọc được(?::[^\]]*)?\]")


def quarterly(day: int, year: int) -> set[dt.date]:
    return {dt.date(year, month, day) for month in (3, 6, 9, 12)}


def monthly(day: int, year: int) -> set[dt.date]:
    return {dt.date(year, month, day) for month in range(1, 13)}


# seed file, content folder, then what the source says
PLANS = {
    "lai-chau": dict(
        seed="002_b394371b69752917.txt", folder=CONTENT, sections=["I", "II", "III"], tasks=14,
        number="Số: /KH-UBND", date=None, date_text="ngày tháng 01 năm 2024",
        issuer="Ủy ban nhân dân tỉnh Lai Châu", signer="Tổng Thanh Hải",
        signer_lines=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
        due=quarterly(16, 2024)),
    "lang-son": dict(
        seed="000_422c8f5160ea47f1.txt", folder=EXAMPLES / "so-ldtbxh-lang-son", sections=["I", "II", "III", "IV"],
        tasks=0, number="Số: 28/KH-SLĐTBXH", date=dt.date(2024, 2, 29), date_text="ngày 29 tháng 02 năm 2024",
        issuer="Sở Lao động – Thương binh và Xã hội", signer="[không đọc được]",
        signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], due=quarterly(10, 2024),
        quotas=[(4, "month")]),
    "soc-trang": dict(
        seed="001_8f9aeaf6fed0b89d.txt", folder=EXAMPLES / "so-tttt-soc-trang", sections=["I", "II", "III", "V"],
        tasks=10, number="Số: 10/KH-STTTT", date=dt.date(2024, 2, 27), date_text="ngày 27 tháng 02 năm 2024",
        issuer="Sở Thông tin và Truyền thông", signer="Nguyễn Minh Chiến",
        signer_lines=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
        due={dt.date(2024, 3, 20), dt.date(2024, 6, 20), dt.date(2024, 9, 20), dt.date(2024, 12, 20),
             dt.date(2024, 12, 31)} | monthly(25, 2024),
        quotas=[(1, "quarter"), (1, "quarter"), (1, "month")]),
    "hung-yen": dict(
        seed="003_cc114bee53e773c9.txt", folder=EXAMPLES / "ubnd-hung-yen", sections=["I", "II", "III", "IV"],
        tasks=13, number="[không đọc được", date=dt.date(2021, 12, 19), date_text="tháng 12 năm 2021",
        issuer="Ủy ban nhân dân tỉnh Hưng Yên", signer="Nguyễn Duy Hưng",
        signer_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], due={dt.date(2022, 12, 31)}),
    "lao-cai": dict(
        seed="004_9de76c8c28707ba1.txt", folder=EXAMPLES / "ubnd-lao-cai", sections=["I", "II", "III", "IV"],
        tasks=0, number="Số: 18/KH-UBND", date=dt.date(2024, 1, 15), date_text="ngày 15 tháng 01 năm 2024",
        issuer="Ủy ban nhân dân tỉnh Lào Cai", signer="Trịnh Xuân Trường",
        signer_lines=["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], due=set(),
        quotas=[(1, "month")]),
}


@pytest.fixture(scope="module", params=sorted(PLANS))
def plan_site(request, build_site):
    expected = PLANS[request.param]
    built: Built = build_site(expected["folder"])
    assert len(built.content["plans"]) == 1
    entry = built.content["plans"][0]
    return expected, built, entry, built.html(f"ke-hoach/{entry.id}/")


def grams(text: str) -> set[str]:
    """Accent-folded 4-letter shingles: robust to OCR noise and to restored diacritics."""
    folded = re.sub(r"[^a-z0-9]+", " ", fold(text))
    return {folded[i:i + 4] for i in range(len(folded) - 3)}


def test_top_level_sections(plan_site):
    expected, _, _, page = plan_site
    headings = [h.get_text(" ", strip=True) for h in page.select(".cchc-plan-sections h2")]
    assert [h.split(".")[0] for h in headings] == expected["sections"]


def test_appendix_tasks(plan_site):
    expected, _, entry, page = plan_site
    rows = page.select("table.cchc-tasks tbody tr")
    assert len(rows) == expected["tasks"]
    assert len(entry.model.all_tasks()) == expected["tasks"]


def test_number_date_issuer_signer(plan_site):
    expected, built, entry, page = plan_site
    head = " ".join(page.select_one(".cchc-doc-head").get_text(" ").split())
    assert expected["number"] in head
    assert expected["date_text"] in head
    assert expected["issuer"].upper() in head
    signature = " ".join(page.select_one(".cchc-signature").get_text(" ").split())
    assert expected["signer"] in signature
    for line in expected["signer_lines"]:
        assert line in signature
    times = [t["datetime"] for t in page.select(".cchc-facts time")]
    if expected["date"]:
        assert entry.model.date == expected["date"]
        assert expected["date"].isoformat() in times
        assert expected["date"].strftime("%d/%m/%Y") in page.get_text()
    else:
        assert entry.model.date is None


def test_every_machine_readable_due_date(plan_site):
    expected, _, _, page = plan_site
    shown = {dt.date.fromisoformat(t["datetime"])
             for t in page.select("table.cchc-tasks time, .cchc-reporting time")}
    assert shown == expected["due"]
    text = page.get_text()
    for day in expected["due"]:
        assert day.strftime("%d/%m/%Y") in text


def test_quotas_are_data(plan_site):
    expected, _, entry, _ = plan_site
    assert [(q.count, q.per) for q in entry.model.quotas] == expected.get("quotas", [])


def test_nothing_missing(plan_site):
    """Each substantial line of the source has its words on the page."""
    expected, built, entry, _ = plan_site
    page = grams(built.text(f"ke-hoach/{entry.id}/"))
    lines = (SEEDS / expected["seed"]).read_text(encoding="utf-8").splitlines()
    missing = []
    for line in lines:
        if len(re.sub(r"[^a-z]", "", fold(line))) < 25:
            continue
        shingles = grams(line)
        # The worst OCR lines ("Mit trin Té qudc Vigt Nam") share just under half their shingles with
        # the restored text. Shingles of common words also match other plans (median 0.76 against
        # another plan's page), so this finds only sections or paragraphs left out wholesale.
        if len(shingles & page) / len(shingles) < 0.45:
            missing.append(line)
    assert missing == []


def test_nothing_invented(plan_site):
    """Each paragraph of the transcription is found in the source (gaps aside)."""
    expected, _, entry, _ = plan_site
    plan = entry.model
    source = grams((SEEDS / expected["seed"]).read_text(encoding="utf-8"))
    texts = [plan.title, plan.preamble or "", plan.closing or "", *plan.recipients]

    def walk(section):
        texts.extend([section.title or "", section.body or ""])
        for child in section.sections:
            walk(child)

    for section in plan.sections:
        walk(section)
    for task in plan.all_tasks():
        texts.extend([task.content, task.result or "", task.deadline_text or "", *task.lead, *task.coordinating])
    invented = []
    for text in texts:
        for para in re.split(r"\n\s*\n|\n- ", GAP.sub(" ", text)):
            shingles = grams(para)
            if len(shingles) >= 12 and len(shingles & source) / len(shingles) < 0.6:
                invented.append(para)
    assert invented == []
