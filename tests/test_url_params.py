"""URL values a control cannot take as given: repeated keys and over-long typed text get a sentence
saying which value was used (AppTest, through app.py's frame)."""

from __future__ import annotations

import pytest

from tests.apptest_support import run_page

PAGE = "pages/convolution.py"


def warnings(at) -> str:
    return "\n".join(w.value for w in at.warning)


@pytest.mark.usefixtures("clean_caches")
def test_a_repeated_slider_key_says_which_value_was_used():
    at = run_page(PAGE, {"k": ["2", "5"]})
    text = warnings(at)
    assert "more than once (`2`, `5`); `3` is used" in text, text
    assert at.slider(key="k").value == 3


@pytest.mark.usefixtures("clean_caches")
def test_a_repeated_choice_key_says_which_value_was_used():
    at = run_page(PAGE, {"pmode": ["reflect", "circular"]}, lang="fr")
    text = warnings(at)
    assert "plusieurs fois (`reflect`, `circular`)" in text, text
    assert at.session_state["_value_pmode"] == "zeros"  # the default (a segmented control)


@pytest.mark.usefixtures("clean_caches")
def test_a_typed_kernel_longer_than_its_box_is_cut_with_a_sentence():
    long_kernel = "1 " * 300  # 600 characters; the box takes 400
    at = run_page(PAGE, {"fk": "custom", "fkt": long_kernel})
    text = warnings(at)
    assert "has 600 characters; only the first 400 are kept" in text, text
    assert len(at.text_input(key="fkt").value) == 400


@pytest.mark.usefixtures("clean_caches")
def test_a_repeated_typed_kernel_says_the_last_one_is_used():
    at = run_page(PAGE, {"fk": "custom", "fkt": ["1 2; 3 4", "0 1 0; 1 -4 1; 0 1 0"]})
    text = warnings(at)
    assert "`0 1 0; 1 -4 1; 0 1 0` is used" in text, text
    assert at.text_input(key="fkt").value == "0 1 0; 1 -4 1; 0 1 0"
