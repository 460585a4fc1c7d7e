"""The weekly report as a person sees it: rendered by headless Chromium, read back and shot."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from handmade_assets.engagement.scoring import stability_check
from handmade_assets.reporting.report import build_report

from .test_report import WEEK_START, _quality, week  # noqa: F401  (week is a fixture)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
STABLE_SCREENSHOT = Path("/tmp/handmade_report.png")
MAKER_ADVOCATE_RED = (0xE1, 0x57, 0x59)  # report._persona_color

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium is not installed (scripts/system_packages.sh installs it)"
)


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


@pytest.fixture(scope="module")
def rendered(week, tmp_path_factory):  # noqa: F811
    metrics, scores = week
    report = build_report(
        scores,
        metrics,
        week_start=WEEK_START,
        scored_on=WEEK_START + dt.timedelta(days=6),
        quality=_quality(),
        stability=stability_check(metrics),
    )
    tmp_path = tmp_path_factory.mktemp("browser")
    page = tmp_path / "report.html"
    page.write_text(report.html, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    screenshot = tmp_path / "report.png"
    _chromium(tmp_path, f"--screenshot={screenshot}", "--window-size=1280,2400", page.as_uri())
    shutil.copyfile(screenshot, STABLE_SCREENSHOT)
    return dom, screenshot


def test_the_browser_shows_the_headline_checks_and_tables(rendered):
    dom, _ = rendered
    assert "Maker Advocate sells best overall" in dom
    assert "Checks before trusting it" in dom
    assert "Sample ratio: not checked" in dom
    assert "experiment to date: every day since the prompt version started, as scored on 2025-03-08" in dom
    assert "(99.2 % always-valid interval)" in dom
    for heading in (
        "Recommended allocation changes",
        "Week over week, overall",
        "Per category",
        "Per locale",
        "Generation cost",
        "Drafts that failed quality gates (2 of 24)",
        "Traffic allocation over time",
    ):
        assert heading in dom, heading
    assert dom.count("<img") == 3
    assert "<script>alert" not in dom  # the hostile gate text stayed text


def test_the_screenshot_shows_the_plots(rendered):
    _, screenshot = rendered
    image = np.asarray(Image.open(screenshot).convert("RGB"))
    assert image.shape[:2] == (2400, 1280)
    # The rates plot's Maker Advocate bars are drawn in its colour: only a rendered image has it.
    close = (np.abs(image.astype(int) - MAKER_ADVOCATE_RED).sum(axis=2) < 30).sum()
    assert close > 500
    assert (image < 250).any(axis=2).mean() > 0.1  # far from a blank page
