"""The library's errors survive pickle (a cache may store them), and numbers are formatted by the
translator only (cnnviz.i18n), the same way in every lesson."""

from __future__ import annotations

import logging
import pickle

import pytest

from cnnviz import geometry, i18n, kernels
from cnnviz.geometry import GeometryError
from cnnviz.images import ImageLoadError, load_image
from cnnviz.kernels import KernelParseError


def roundtrip(exc: Exception) -> Exception:
    return pickle.loads(pickle.dumps(exc))


def test_geometry_error_survives_pickle_with_code_values_and_message():
    with pytest.raises(GeometryError) as info:
        geometry.pool_output_size(8, 2, None, 2)
    original = info.value
    copy = roundtrip(original)
    assert type(copy) is GeometryError
    assert copy.code == original.code == "pool_pad_too_big"
    assert copy.values == original.values and copy.values["limit"] == 1
    assert str(copy) == str(original) and "more than half" in str(copy)


def test_kernel_parse_error_survives_pickle():
    with pytest.raises(KernelParseError) as info:
        kernels.parse("1 2; 3")
    copy = roundtrip(info.value)
    assert (copy.code, copy.values, str(copy)) == (info.value.code, info.value.values,
                                                   str(info.value))


def test_image_load_error_survives_pickle():
    with pytest.raises(ImageLoadError) as info:
        load_image(b"not an image at all")
    copy = roundtrip(info.value)
    assert (type(copy), copy.code, str(copy)) == (ImageLoadError, info.value.code, str(info.value))


@pytest.mark.parametrize(("value", "en", "fr"), [
    (3.0, "3", "3"), (-2.0, "−2", "−2"), (-0.0, "0", "0"), (0.5, "0.50", "0,50"),
    (-1.25, "−1.25", "−1,25"), (1234.0, "1,234", "1\u202f234"), (float("nan"), "", ""),
    (None, "", ""),
])
def test_format_value_per_language(value, en, fr):
    assert i18n.format_value(value, "en") == i18n.translator("en").value(value) == en
    assert i18n.format_value(value, "fr") == i18n.translator("fr").value(value) == fr


def test_trimmed_values_latex_numbers_and_plotly_separators():
    assert i18n.format_value(0.5, "fr", trim=True) == "0,5"
    assert i18n.format_value(-0.25, "en", trim=True) == "−0.25"
    assert i18n.tex_number(1234.5, "fr", 1) == r"1\,234{,}5"
    assert i18n.tex_number(0.1111, "en", 3) == "0.111"
    assert i18n.translator("fr").separators == ",\u202f"
    assert i18n.translator("en").separators == ".,"


def test_a_broken_section_is_logged_with_its_traceback_and_shown_as_a_sentence():
    from streamlit.testing.v1 import AppTest

    def page():
        from cnnviz import ui

        @ui.section(fragment=False)
        def broken() -> None:
            raise ZeroDivisionError("a bug")

        @ui.section(fragment=False)
        def bad_setting() -> None:
            from cnnviz import geometry

            geometry.conv_output_size(2, 5)

        broken()
        bad_setting()

    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    log = logging.getLogger("cnnviz")  # the app's own logger (it does not propagate to root)
    keep = Keep(level=logging.ERROR)
    log.addHandler(keep)
    try:
        at = AppTest.from_function(page, default_timeout=30).run()
    finally:
        log.removeHandler(keep)
    assert not at.exception
    errors = [e.value for e in at.error]
    error_id = at.session_state["_reported_errors"][0]
    assert errors[0] == i18n.translate("error.reported", "en", id=error_id)
    assert "kernel" in errors[1].lower() and errors[1] != errors[0]  # the geometry sentence
    assert len(records) == 1 and records[0].exc_info[0] is ZeroDivisionError
    assert error_id in records[0].getMessage()  # the id the user can quote finds the traceback
