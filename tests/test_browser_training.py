"""Browser test of the Training page: a tiny run to the end in headless Chromium."""

from __future__ import annotations

import re

import pytest

from tests.browser_support import exceptions_on_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("lang", "train", "metric_label", "curves"), [
    ("en", "Train", "Validation accuracy", "Learning curves"),
    ("fr", "Entraîner", "Exactitude de validation", "Courbes d’apprentissage"),
])
def test_a_short_training_runs_to_the_end(app_server, page, lang, train, metric_label, curves):
    page.set_viewport_size({"width": 1280, "height": 720})  # the projector
    page.goto(f"{app_server.url}/training?lang={lang}&tr_n=200&tr_epochs=3&tr_seed=1")
    wait_for_app(page)
    assert exceptions_on_page(page) == []
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("button", name=train, exact=True).click()
    # progress while it trains (a fragment polls the worker once a second)
    main.locator('[data-testid="stProgress"]').wait_for(timeout=240_000)
    metric = main.locator('[data-testid="stMetric"]').filter(has_text=metric_label)
    try:
        metric.wait_for(timeout=420_000)
    except Exception:
        screenshot(page, f"training-{lang}-timeout", full=False)
        raise
    value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    assert re.fullmatch(r"\d{1,3}[.,]\d\u202f?%", value), value
    number = float(value.rstrip("%\u202f").replace(",", "."))
    assert 0 <= number <= 100
    wait_for_app(page)
    body = main.inner_text()
    assert curves in body
    assert main.locator(".js-plotly-plot").count() >= 2  # curves and filters
    assert main.get_by_role("button", name=train, exact=True).is_enabled()
    assert exceptions_on_page(page) == []
    screenshot(page, f"training-{lang}")
