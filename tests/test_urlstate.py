"""The URL-value decisions (cnnviz/urlstate.py): which value a URL-bound control takes, and which
sentence the page shows about a wrong link; errors as sentences (cnnviz/errors.py); the photo
picker's records (cnnviz/photos.py). Pure functions, checked without Streamlit."""

from __future__ import annotations

import hashlib
import logging

import pytest
from PIL import Image

from cnnviz import errors, i18n, photos, urlstate
from cnnviz.geometry import GeometryError, conv_output_size
from cnnviz.images import ImageLoadError, sample_bytes
from cnnviz.kernels import KernelParseError, parse
from cnnviz.render import stage as stage_assets
from cnnviz.render.tile_picker import click_position

EN = i18n.translator("en")
FR = i18n.translator("fr")


def test_single_value_only_when_given_once():
    assert urlstate.single([]) is None
    assert urlstate.single(["3"]) == "3"
    assert urlstate.single(["3", "4"]) is None


def test_repeated_key_quotes_the_first_four_values_and_the_one_used():
    assert urlstate.repeated(["2"], "Stride", 1) is None
    notice = urlstate.repeated(["2", "5", "[x](http://e.org)", "7", "9"], "Stride", 1)
    assert notice.key == "url.repeated"
    text = notice.sentence(EN)
    assert text.startswith("The link gives “Stride” more than once (`2`, `5`, `[x](http://e.org)`, `7`, …)")
    assert "`9`" not in text and text.endswith("`1` is used.")
    assert "«\u202fStride\u202f» plusieurs fois" in notice.sentence(FR)


@pytest.mark.parametrize("raw, ok", [("3", True), ("1", True), ("9", True), (" 4 ", True),
                                     ("0", False), ("10", False), ("-1", False), ("3.0", False),
                                     ("+3", False), ("1_0", False), ("three", False), ("", False),
                                     ("٣", False), ("9" * 5000, False)])
def test_out_of_range_accepts_only_plain_integers_within_the_bounds(raw, ok):
    notice = urlstate.out_of_range(raw, 1, 9, "Kernel size")
    assert (notice is None) == ok
    if not ok:
        assert notice.key == "url.ignored"
        assert notice.values["allowed"] == "1–9"
        assert "allowed: 1–9" in notice.sentence(EN)


def test_no_value_no_notice():
    assert urlstate.out_of_range(None, 1, 9, "k") is None
    assert urlstate.not_an_option(None, ["a"], "k") is None


def test_bad_option_id_lists_the_allowed_ids_with_their_labels_but_not_internal_ones():
    labels = {"max": "Max pooling", "avg": "avg", photos.UPLOAD: "Upload"}
    assert urlstate.not_an_option("max", list(labels), "Pooling", labels.get) is None
    notice = urlstate.not_an_option("median`x", list(labels), "Pooling", labels.get)
    assert notice.values["allowed"] == "max (Max pooling), avg"
    assert notice.values["value"] == "``median`x``"  # inert Markdown: a longer fence
    assert "Le lien fixait «\u202fPooling\u202f» à ``median`x``" in notice.sentence(FR)


def test_slider_notice_repeated_first_then_range():
    assert urlstate.slider_notice([], 1, 9, "k", 3) is None
    assert urlstate.slider_notice(["4"], 1, 9, "k", 3) is None
    assert urlstate.slider_notice(["40"], 1, 9, "k", 3).key == "url.ignored"
    repeated = urlstate.slider_notice(["40", "4"], 1, 9, "k", 3)
    assert repeated.key == "url.repeated" and repeated.values["used"] == "`3`"


OPTIONS = ["zeros", "reflect", "circular"]


@pytest.mark.parametrize("values, remembered, expected, notice", [
    ([], (None, None), "zeros", None),                             # nothing: the default
    (["reflect"], (None, None), "reflect", None),                  # the URL
    (["reflect"], ("circular", None), "circular", None),           # the previous run wins
    (["reflect"], (None, "circular"), "circular", None),           # then code or tests
    (["reflect"], ("bogus", True), "reflect", None),               # remembered non-options skipped
    (["mirror"], (None, None), "zeros", "url.ignored"),            # a bad id: default + sentence
    (["reflect", "circular"], (None, None), "zeros", "url.repeated"),  # repeated: default
    (["mirror", "x"], ("reflect", None), "reflect", None),         # remembered: URL not read
])
def test_initial_order_and_notices(values, remembered, expected, notice):
    current, said = urlstate.initial(values, remembered, OPTIONS, "zeros", "Padding")
    assert current == expected
    assert (said.key if said else None) == notice


def test_initial_repeated_names_the_default_by_its_label():
    _, said = urlstate.initial(["a", "b"], (), OPTIONS, "zeros", "Padding", str.upper)
    assert said.values["used"] == "`ZEROS`"


def test_text_notice_repeated_or_too_long_with_numbers_by_the_translator():
    assert urlstate.text_notice([], "Kernel", 10) is None
    assert urlstate.text_notice(["1 2 3"], "Kernel", 10) is None
    long = "1" * 1500
    notice = urlstate.text_notice([long], "Kernel", 1000)
    assert notice.key == "url.too_long"
    assert "has 1,500 characters; only the first 1,000" in notice.sentence(EN)
    assert "a 1\u202f500 caractères\u202f; seuls les 1\u202f000" in notice.sentence(FR)
    repeated = urlstate.text_notice(["abc", long], "Kernel", 1000)  # repeated wins; last kept
    assert repeated.key == "url.repeated"
    assert repeated.values["used"] == urlstate.quote("1" * 1000, 40)


@pytest.mark.parametrize("candidates, expected", [
    ((None, None), 5), ((3, "7"), 3), ((None, "7"), 7), ((12, "7"), 7), (("x", "8"), 8),
    ((None, "2.5"), 5), ((None, "99"), 5), ((0, None), 5), ((1, None), 1),
])
def test_int_within(candidates, expected):
    assert urlstate.int_within(candidates, 1, 9, 5) == expected


@pytest.mark.parametrize("remembered, raw, default, expected", [
    (None, None, False, False), (None, None, True, True), ("1", "0", False, True),
    (None, "1", False, True), (None, "0", True, False), (None, "yes", True, True),
    ("", "1", False, True),
])
def test_flag_value(remembered, raw, default, expected):
    assert urlstate.flag_value(remembered, raw, default) is expected


@pytest.mark.parametrize("clicked, remembered, raw, expected", [
    (True, "0", None, True), (False, "1", "1", False), (None, "1", None, True),
    (None, "0", "1", False), (None, None, "1", True), (None, None, "true", False),
    (None, "x", "1", True),
])
def test_lecture_on(clicked, remembered, raw, expected):
    assert urlstate.lecture_on(clicked, remembered, raw) is expected


# --- errors as sentences ---------------------------------------------------------------------

def _geometry_error() -> GeometryError:
    with pytest.raises(GeometryError) as info:
        conv_output_size(3, 7, 1, 0, 1)
    return info.value


def test_explain_geometry_error_in_both_languages_and_page_section_first():
    exc = _geometry_error()
    en, fr = errors.explain(exc, EN), errors.explain(exc, FR)
    assert en == EN(f"geom.{exc.code}", **{k: EN(f"axis.{v}") if k == "axis" and isinstance(v, int)
                                            else v for k, v in exc.values.items()})
    assert en != fr
    pooled = GeometryError("pool_pad_too_big", "x", padding=3, limit=1, kernel=2)
    assert errors.explain(pooled, EN, "pooling") == EN("pooling.err.pool_pad_too_big", padding=3,
                                                        limit=1, kernel=2)
    # the page's own sentence first (pooling words kernel_too_big its way), else the shared one
    assert errors.explain(exc, EN, "pooling") == EN("pooling.err.kernel_too_big", **{
        k: EN(f"axis.{v}") if k == "axis" else v for k, v in exc.values.items()})
    assert errors.explain(exc, EN, "convolution") == en


def test_explain_unknown_or_unfillable_geometry_code_falls_back():
    assert errors.explain(GeometryError("nope", "detail here"), EN) == EN("geom.other",
                                                                          detail="detail here")


def test_explain_kernel_error_quotes_typed_text():
    with pytest.raises(KernelParseError) as info:
        parse("1 2\n3 [x](http://e.org)")
    text = errors.explain(info.value, EN)
    assert "[x](http://e.org)" not in text.replace("`[x](http://e.org)`", "")


def test_explain_image_error_and_anything_else():
    assert errors.explain(ImageLoadError("empty", "empty"), FR) == FR("imgerr.empty")
    assert errors.explain(RuntimeError("boom"), EN) == EN("error.unexpected")
    assert all(issubclass(e, ValueError) for e in errors.EXPECTED)


def test_log_unexpected_logs_the_traceback_under_the_id(caplog):
    log = logging.getLogger("cnnviz.test_urlstate")
    try:
        raise ZeroDivisionError("x")
    except ZeroDivisionError as exc:
        with caplog.at_level(logging.ERROR, logger=log.name):
            error_id = errors.log_unexpected(exc, "pooling", log)
    assert len(error_id) == 8 and int(error_id, 16) >= 0
    record = caplog.records[-1]
    assert record.getMessage() == f"error {error_id} on page pooling"
    assert record.exc_info[0] is ZeroDivisionError


# --- the photo picker, the stage's files, the tile picker's click ----------------------------

def test_photo_records_and_labels():
    assert photos.OPTIONS[-1] == photos.UPLOAD and photos.DEFAULT_SAMPLE in photos.OPTIONS
    assert photos.option_label(photos.UPLOAD, FR) == "Ma propre photo…"
    assert photos.option_label("coffee", EN) == "Cup of coffee"
    data = b"\x89PNG not really"
    assert photos.upload_key(data) == "upload:" + hashlib.sha256(data).hexdigest()[:16]
    image = Image.new("RGB", (4, 3))
    sample = photos.sample("rocket", image, EN)
    assert (sample.key, sample.label, sample.data) == ("sample:rocket", "Rocket launch",
                                                         sample_bytes("rocket"))
    up = photos.upload("upload:ab", image, data, FR)
    assert (up.key, up.label, up.image, up.data) == ("upload:ab", "Votre photo", image, data)


def test_page_style_adds_the_lecture_css_only_in_lecture_mode():
    plain, lecture = stage_assets.page_style(False), stage_assets.page_style(True)
    assert plain == f"<style>{stage_assets.PAGE_CSS}</style>"
    assert lecture == f"<style>{stage_assets.PAGE_CSS}\n{stage_assets.LECTURE_CSS}</style>"
    assert stage_assets.JS.strip() and stage_assets.CSS.strip()
    assert "</style" not in stage_assets.PAGE_CSS + stage_assets.LECTURE_CSS


@pytest.mark.parametrize("state, expected", [
    (None, None), ({}, None), ({"click": None}, None), ({"click": {"x": 0.25}}, None),
    ({"click": {"x": 0.25, "y": "0.5"}}, (0.25, 0.5)), ({"click": "0.1,0.2"}, None),
])
def test_click_position(state, expected):
    assert click_position(state) == expected


class _Upload:
    def __init__(self, file_id, data):
        self.file_id, self.data, self.reads = file_id, data, 0

    def getvalue(self):
        self.reads += 1
        return self.data


def test_read_upload_decodes_once_per_file_id_and_remembers_nothing_on_error():
    decoded = []

    def load(data):
        decoded.append(data)
        if data == b"bad":
            raise ImageLoadError("not_image", "not an image")
        return Image.new("RGB", (len(data), 1))

    first = _Upload("f1", b"abc")
    result, memo = photos.read_upload(first, None, load)
    assert result[0] == photos.upload_key(b"abc") and result[1].size == (3, 1) and result[2] == b"abc"
    again, memo2 = photos.read_upload(_Upload("f1", b"abc"), memo, load)
    assert again is result and memo2 is memo and decoded == [b"abc"]
    other, memo3 = photos.read_upload(_Upload("f2", b"wxyz"), memo, load)
    assert other[1].size == (4, 1) and memo3[0] == "f2" and decoded == [b"abc", b"wxyz"]
    with pytest.raises(ImageLoadError):
        photos.read_upload(_Upload("f3", b"bad"), memo3, load)
    no_id, memo4 = photos.read_upload(_Upload(None, b"abc"), None, load)  # no file_id: read again
    assert photos.read_upload(_Upload(None, b"abc"), memo4, load)[0] is not no_id
