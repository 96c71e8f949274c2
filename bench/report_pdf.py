"""Render a report draft as a PDF with LibreOffice, to look at it (issue 14: "the report is checked by eye").

    .venv/bin/python bench/report_pdf.py                      # Lạng Sơn, 2024-Q1
    .venv/bin/python bench/report_pdf.py --content content --plan ke-hoach-tuyen-truyen-cchc-lai-chau-2024 --period 2024-H1

Writes the .docx with ``cchc report``, converts it with LibreOffice (Debian's
``libreoffice-writer``: ``soffice --headless --convert-to pdf``) and, when
poppler's ``pdftoppm`` is there, one PNG per page; prints the files' paths,
the page count and how long each step took. Nothing outside /tmp is written.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", default=str(REPO / "examples" / "so-ldtbxh-lang-son"))
    parser.add_argument("--plan", default="ke-hoach-28-kh-sldtbxh-2024")
    parser.add_argument("--period", default="2024-Q1")
    parser.add_argument("--now", default="2024-04-05T08:00:00+07:00", help="the report's moment (after the period)")
    args = parser.parse_args()
    soffice = shutil.which("soffice")
    if not soffice:
        print("LibreOffice is not installed: apt-get install libreoffice-writer", file=sys.stderr)
        return 1
    out = Path(tempfile.mkdtemp(prefix="cchc-report-"))
    docx = out / f"{args.plan}-{args.period}.docx"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator", "report", "--content", args.content, "--plan", args.plan,
                    "--period", args.period, "--now", args.now, "--out", str(docx), "--build-dir", str(out / "build"),
                    "--site-dir", str(out / "site")], cwd=REPO, check=True)
    t1 = time.perf_counter()
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True,
                   capture_output=True)
    t2 = time.perf_counter()
    pdf = docx.with_suffix(".pdf")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    print(f"docx: {docx} ({docx.stat().st_size / 1024:.1f} kB, {t1 - t0:.2f} s)")
    print(f"pdf:  {pdf} ({pages} pages, {t2 - t1:.2f} s with LibreOffice)")
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True)
        for png in sorted(out.glob("page*.png")):
            print(f"page: {png}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
