"""The /ops/ page in Debian's headless Chromium: a branch manager signs in, every chart
draws (canvas pixels), the date filter narrows the figures, the page switches between
Chinese (the default) and English; a screenshot in each language is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ops_month_env import load_month

CHROMIUM = "/usr/bin/chromium"
SHOT = Path(os.environ.get("OPS_SCREENSHOT", "/tmp/ops-dashboard.png"))  # -zh beside it
CHARTS = ["chart-sessions", "chart-handling", "chart-abandonment", "chart-devices",
          "chart-waits", "chart-tellers"]
INKED = """(id) => { const c = document.getElementById(id);
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < px.length; i += 4) if (px[i] > 0) n++; return n; }"""


# Chart.js's legend texts, and elements whose text is still their data-i18n key.
LEGEND = "(id) => Chart.getChart(id).data.datasets.map(d => d.label)"
UNTRANSLATED = """() => [...document.querySelectorAll('[data-i18n]')]
  .filter(e => e.textContent === e.dataset.i18n).map(e => e.dataset.i18n)"""
KEYS = """async () => { const m = await import('/ops/i18n.js');
  return [Object.keys(m.STRINGS.zh), Object.keys(m.STRINGS.en)]; }"""


@pytest.fixture(params=["sqlite"])
def db_url(request, tmp_path) -> str:  # one store is enough for the page
    return f"sqlite+aiosqlite:///{tmp_path / 'hub.db'}"


def test_a_branch_manager_sees_the_charts_and_filters(hub_env) -> None:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed; make setup installs it")
        pytest.skip("Debian's chromium is not installed")
    sync_api = pytest.importorskip("playwright.sync_api")
    load_month(hub_env, sessions_per_day=6)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1100})
            page.goto(f"{hub_env.url}/ops/")
            assert page.text_content("#sign-in h1") == "网点运营"  # Chinese unless chosen
            page.fill("#username", "ann")  # a teller is turned away
            page.fill("#password", hub_env.passwords["ann"])
            page.click("#sign-in-button")
            page.wait_for_function("document.getElementById('sign-in-error').textContent")
            assert "网点负责人和主管" in page.text_content("#sign-in-error")
            page.select_option("#lang", "en")
            assert page.text_content("#sign-in h1") == "Branch operations"
            assert page.evaluate("document.documentElement.lang") == "en"
            page.fill("#username", "mia")
            page.fill("#password", hub_env.passwords["mia"])
            page.click("#sign-in-button")
            page.wait_for_function("window.opsRendered >= 1", timeout=20000)
            options = page.eval_on_selector_all("#branch option", "os => os.map(o => o.value)")
            assert options == ["", "branch-0"]
            page.fill("#from", "2026-11-01")
            page.fill("#to", "2026-11-30")
            page.click("#apply")
            page.wait_for_function("window.opsRendered >= 2", timeout=20000)
            month = page.evaluate("window.opsLast.sessions_per_hour.length")
            for chart in CHARTS:
                assert page.evaluate(INKED, chart) > 500, chart
            assert page.locator("#staffing tbody tr").count() > 20
            # The generated month ended weeks ago: both terminals of the branch are silent.
            assert page.locator("#warnings li").count() == 2
            assert "no operations events" in page.text_content("#warnings")
            assert page.evaluate(LEGEND, "chart-handling") == ["median", "90th percentile"]
            page.screenshot(path=str(SHOT), full_page=True)
            drawn = page.evaluate("window.opsRendered")
            page.select_option("#lang", "zh")  # the same figures, redrawn without a request
            page.wait_for_function(f"window.opsRendered > {drawn}")
            assert page.evaluate("window.opsLast.sessions_per_hour.length") == month
            assert page.text_content("#dashboard h1") == "网点运营"
            assert page.evaluate(LEGEND, "chart-handling") == ["中位数", "第 90 百分位"]
            assert page.text_content("#warnings li") == "T000: 没有运营事件（终端离线？）"
            days = page.eval_on_selector_all("#staffing tbody td:nth-child(2)",
                                             "tds => tds.map(td => td.textContent)")
            assert days and all(d.startswith("周") for d in days), set(days)
            assert page.text_content("#branch option") == "我的全部网点"
            for chart in CHARTS:
                assert page.evaluate(INKED, chart) > 500, chart
            assert page.evaluate(UNTRANSLATED) == [], "elements showing their key"
            page.screenshot(path=str(SHOT.with_stem(SHOT.stem + "-zh")), full_page=True)
            drawn = page.evaluate("window.opsRendered")
            page.select_option("#lang", "en")
            page.wait_for_function(f"window.opsRendered > {drawn}")  # the redraw in English
            assert page.evaluate(UNTRANSLATED) == []
            zh, en = (set(k) for k in page.evaluate(KEYS))
            assert {k for k in zh if not k.startswith("name.")} == en  # names: zh only
            page.fill("#from", "2026-11-10")
            page.fill("#to", "2026-11-10")
            drawn = page.evaluate("window.opsRendered")
            page.click("#apply")
            # Counted from now: each language switch redraws too, so a fixed count can be
            # reached before the new day's figures arrive.
            page.wait_for_function(f"window.opsRendered > {drawn}", timeout=20000)
            day = page.evaluate("window.opsLast.sessions_per_hour.length")
            assert 0 < day <= 24 < month
            assert "2026-11-10" in page.text_content("#status")
        finally:
            browser.close()

