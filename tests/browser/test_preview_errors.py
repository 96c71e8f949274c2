"""`cchc serve` shows content errors in the browser, not only in the terminal, and drops them once fixed."""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from tests.conftest import CONTENT, start_preview


def test_preview_shows_errors_on_the_page_until_fixed(browser, tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    server, port = start_preview(content, tmp_path)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(30_000)
    try:
        page = context.new_page()
        deadline = time.monotonic() + 90
        while True:  # the first full build takes a few seconds
            try:
                page.goto(f"http://127.0.0.1:{port}/duong-day-nong/", timeout=5_000)
                break
            except Exception:
                assert time.monotonic() < deadline and server.poll() is None, "the preview did not start"
                time.sleep(0.5)
        banner = page.locator("#cchc-preview-errors")
        assert banner.count() == 0

        hotline = sorted((content / "hotlines").glob("*.yml"))[0]
        good = hotline.read_text(encoding="utf-8")
        line = next(i for i, text in enumerate(good.splitlines(), 1) if text.startswith("name:"))
        hotline.write_text(re.sub(r"^name: .*$", "name: Tên: có hai chấm", good, count=1, flags=re.M),
                           encoding="utf-8")
        banner.wait_for(state="visible", timeout=30_000)  # the page reloads by itself
        text = banner.inner_text()
        assert f"hotlines/{hotline.name}:{line}:" in text, text
        assert "dấu hai chấm" in text and "mapping" not in text
        box = banner.bounding_box()
        assert box is not None and box["y"] < 844, "the error list is on the first screen"

        hotline.write_text(good.replace("name: ", "name: Đã sửa — ", 1), encoding="utf-8")
        banner.wait_for(state="detached", timeout=30_000)
        page.get_by_text("Đã sửa —").first.wait_for(timeout=30_000)
    finally:
        context.close()
        server.send_signal(signal.SIGINT)
        try:
            _, stderr = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    assert "Đã hết lỗi" in stderr, stderr
