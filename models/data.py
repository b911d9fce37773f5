"""Procedural training data: drawings of circles, squares and triangles.

Every image is drawn from a handful of parameters (shape, size, position, rotation, outline or
filled, stroke width, colours, blur, noise) picked by a ``numpy.random.Generator`` seeded by the
caller, so the same seed always gives the same arrays, byte for byte, and nothing is downloaded.

How an image is made (see :func:`shape_mask` and :func:`render`):

1. the shape's coverage mask is drawn with Pillow at ``supersample`` times the final size
   (4×: 112 px for a 28 px image) and averaged down (box filter) to the final size, which
   antialiases its edges;
2. the mask blends a foreground colour over a background (a flat colour or a gentle linear
   gradient), the two with enough luminance contrast to be told apart;
3. a light Gaussian blur and light Gaussian noise are added to some images.

The variety (outline and filled, thin and thick strokes, slight wobble of the outline like a
hand drawing, small and large, anywhere in the frame, rotated squares and triangles, dark on
light and light on dark) is there so a model trained on it also recognises a shape drawn by hand
or photographed, not only this generator's output.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES: tuple[str, ...] = ("circle", "square", "triangle")
"""Class names in label order: label ``i`` is ``CLASSES[i]``."""

#: Ranges the dataset samples from (documented in the model cards).
SCALE_RANGE = (0.35, 0.85)
STROKE_RANGE = (0.05, 0.14)
MIN_CONTRAST = 0.3

# Radius of the circle circumscribing the shape, as a multiple of ``scale * size``.
_CIRCUMRADIUS = {"circle": 0.5, "square": 0.85 / math.sqrt(2.0), "triangle": 0.55}


def _outline_points(kind: str, size: float, scale: float, rotation: float,
                    center: tuple[float, float], aspect: float, wobble: float,
                    seed: int) -> list[tuple[float, float]]:
    """Vertices of the shape in pixel coordinates of a ``size``×``size`` canvas."""
    if kind not in CLASSES:
        raise ValueError(f"Unknown shape {kind!r}; expected one of {', '.join(CLASSES)}.")
    cx, cy = center[0] * size, center[1] * size
    radius = _CIRCUMRADIUS[kind] * scale * size
    if kind == "circle":
        angles = np.linspace(0.0, 2.0 * np.pi, 72, endpoint=False)
    elif kind == "square":
        angles = np.deg2rad(np.array([45.0, 135.0, 225.0, 315.0]))
    else:  # triangle pointing up at rotation 0 (image y axis points down)
        angles = np.deg2rad(np.array([-90.0, 30.0, 150.0]))
    radii = np.full(angles.shape, radius)
    if wobble > 0:
        rng = np.random.default_rng(seed)
        if kind == "circle":  # smooth, low-frequency wobble like a hand-drawn circle
            phases = rng.uniform(0, 2 * np.pi, 3)
            amps = rng.uniform(-1, 1, 3) * wobble * 0.4  # stays round, not square-ish
            radii = radii * (1 + sum(a * np.sin(k * angles + p)
                                     for k, a, p in zip((2, 3, 4), amps, phases, strict=True)))
        else:  # move each corner a little
            radii = radii * (1 + rng.uniform(-1, 1, angles.shape) * wobble)
            angles = angles + rng.uniform(-1, 1, angles.shape) * wobble * 0.6
    x = radii * np.cos(angles) * aspect
    y = radii * np.sin(angles) / aspect
    theta = np.deg2rad(rotation)
    xr = x * np.cos(theta) - y * np.sin(theta)
    yr = x * np.sin(theta) + y * np.cos(theta)
    return [(float(cx + a), float(cy + b)) for a, b in zip(xr, yr, strict=True)]


def shape_mask(kind: str, size: int = 28, *, scale: float = 0.6, rotation: float = 0.0,
               filled: bool = False, stroke: float = 0.1,
               center: tuple[float, float] = (0.5, 0.5), aspect: float = 1.0,
               wobble: float = 0.0, seed: int = 0, supersample: int = 4) -> np.ndarray:
    """Antialiased coverage of one shape: float32 array (size, size) in [0, 1].

    ``kind``: 'circle', 'square' or 'triangle'. ``scale``: circle diameter as a fraction of the
    image side (a square's side is 0.85×, an equilateral triangle's side 0.95× that).
    ``rotation``: degrees, clockwise on screen; 0 puts a triangle's apex up and a square's
    sides level.
    ``filled``: solid shape, else an outline ``stroke`` × size pixels wide. ``center``: (x, y)
    as fractions of the image. ``aspect`` > 1 stretches horizontally. ``wobble``: relative
    jitter of the outline (0 = perfect geometry), drawn from ``seed``.
    """
    big = size * supersample
    points = _outline_points(kind, big, scale, rotation, center, aspect, wobble, seed)
    canvas = Image.new("L", (big, big), 0)
    draw = ImageDraw.Draw(canvas)
    if filled:
        draw.polygon(points, fill=255)
    else:
        width = max(1, round(stroke * big))
        draw.line(points + points[:2], fill=255, width=width, joint="curve")
    small = canvas.resize((size, size), Image.Resampling.BOX)
    return np.asarray(small, dtype=np.float32) / 255.0


def render(mask: np.ndarray, fg=(0, 0, 0), bg=(255, 255, 255), bg2=None,
           gradient_angle: float = 0.0) -> np.ndarray:
    """Blend colour ``fg`` over a background by ``mask`` (H, W) -> float32 RGB (H, W, 3) in [0, 1].

    Colours are 0–255 triples. With ``bg2`` the background is a linear gradient from ``bg`` to
    ``bg2`` along ``gradient_angle`` degrees.
    """
    h, w = mask.shape
    bg_a = np.asarray(bg, dtype=np.float32) / 255.0
    if bg2 is None:
        back = np.broadcast_to(bg_a, (h, w, 3))
    else:
        bg_b = np.asarray(bg2, dtype=np.float32) / 255.0
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        t = np.cos(np.deg2rad(gradient_angle)) * xx / max(w - 1, 1) + \
            np.sin(np.deg2rad(gradient_angle)) * yy / max(h - 1, 1)
        t = (t - t.min()) / max(float(t.max() - t.min()), 1e-6)
        back = bg_a + (bg_b - bg_a) * t[..., None]
    front = np.asarray(fg, dtype=np.float32) / 255.0
    alpha = mask[..., None]
    return (back * (1.0 - alpha) + front * alpha).astype(np.float32)


def draw_shape(kind: str, size: int = 28, *, scale: float = 0.6, rotation: float = 0.0,
               filled: bool = False, stroke: float = 0.1,
               center: tuple[float, float] = (0.5, 0.5), aspect: float = 1.0,
               wobble: float = 0.0, seed: int = 0, fg=(0, 0, 0), bg=(255, 255, 255),
               supersample: int = 4) -> Image.Image:
    """One drawing as a ``size``×``size`` RGB PIL image (default: black outline on white).

    Same parameters as :func:`shape_mask`, plus the 0–255 colours ``fg`` and ``bg``. Use it to
    let a student build an input from controls (shape, size, rotation, filled) and to show
    sample drawings of each class; a larger ``size`` (e.g. 224) gives a crisp preview of the
    same drawing, which :func:`models.preprocess` brings back to 28×28.
    """
    mask = shape_mask(kind, size, scale=scale, rotation=rotation, filled=filled, stroke=stroke,
                      center=center, aspect=aspect, wobble=wobble, seed=seed,
                      supersample=supersample)
    rgb = render(mask, fg, bg)
    return Image.fromarray(np.round(rgb * 255.0).astype(np.uint8), "RGB")


def _luminance(rgb: np.ndarray) -> float:
    return float(rgb @ np.array([0.299, 0.587, 0.114]) / 255.0)


def _colours(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(fg, bg, bg2 or None) as 0–255 float arrays with luminance contrast >= MIN_CONTRAST."""
    style = rng.random()
    if style < 0.3:  # pen on paper
        fg = rng.uniform(0, 60, 3).round()
        bg = rng.uniform(200, 255, 3).round()
    elif style < 0.4:  # chalk on a board
        fg = rng.uniform(200, 255, 3).round()
        bg = rng.uniform(0, 60, 3).round()
    else:
        while True:
            fg, bg = rng.uniform(0, 255, 3).round(), rng.uniform(0, 255, 3).round()
            if abs(_luminance(fg) - _luminance(bg)) >= MIN_CONTRAST + 0.05:
                break
    bg2 = None
    if rng.random() < 0.3:  # gentle gradient, keeping the contrast
        for _ in range(20):
            cand = np.clip(bg + rng.uniform(-50, 50, 3), 0, 255).round()
            if abs(_luminance(fg) - _luminance(cand)) >= MIN_CONTRAST:
                bg2 = cand
                break
    return fg, bg, bg2


def random_image(rng: np.random.Generator, kind: str, size: int = 28) -> np.ndarray:
    """One random drawing of ``kind``: float32 (3, size, size) in [0, 1], channels first."""
    scale = rng.uniform(*SCALE_RANGE)
    filled = bool(rng.random() < 0.4)
    stroke = rng.uniform(*STROKE_RANGE)
    aspect = rng.uniform(0.85, 1.15) if rng.random() < 0.5 else 1.0
    wobble = rng.uniform(0.0, 0.12) if rng.random() < 0.6 else 0.0
    rotation = rng.uniform(0.0, 360.0) if kind != "circle" or aspect != 1.0 else 0.0
    # keep the whole shape (and half a stroke) inside the frame
    reach = _CIRCUMRADIUS[kind] * scale * max(aspect, 1 / aspect) * (1 + wobble) \
        + (0 if filled else stroke / 2)
    margin = min(reach, 0.5)
    center = (rng.uniform(margin, 1 - margin), rng.uniform(margin, 1 - margin))
    mask = shape_mask(kind, size, scale=scale, rotation=rotation, filled=filled, stroke=stroke,
                      center=center, aspect=aspect, wobble=wobble,
                      seed=int(rng.integers(2**31)))
    fg, bg, bg2 = _colours(rng)
    img = render(mask, fg, bg, bg2, gradient_angle=rng.uniform(0, 360))
    if rng.random() < 0.4:
        pil = Image.fromarray(np.round(img * 255).astype(np.uint8), "RGB")
        pil = pil.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 0.8)))
        img = np.asarray(pil, dtype=np.float32) / 255.0
    if rng.random() < 0.6:
        img = img + rng.normal(0.0, rng.uniform(0.0, 0.05), img.shape).astype(np.float32)
    return np.clip(img, 0.0, 1.0).transpose(2, 0, 1).astype(np.float32)


def make_dataset(n: int, seed: int, size: int = 28) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random drawings, classes balanced and shuffled, deterministic by ``seed``.

    Returns ``(images, labels)``: float32 (n, 3, size, size) in [0, 1] and int64 (n,) indices
    into :data:`CLASSES`. The same ``(n, seed, size)`` always gives identical arrays.
    """
    if n < 0:
        raise ValueError("n must be non-negative")
    rng = np.random.default_rng(seed)
    labels = np.arange(n, dtype=np.int64) % len(CLASSES)
    rng.shuffle(labels)
    images = np.empty((n, 3, size, size), dtype=np.float32)
    for i, label in enumerate(labels):
        images[i] = random_image(rng, CLASSES[label], size)
    return images, labels


DATA_DESCRIPTION = (
    "Procedural drawings of circles, squares and triangles (models/data.py), 28x28 RGB in [0, 1]: "
    "drawn at 4x and box-downsampled; outline (40%: filled) with stroke 5-14% of the side; size "
    f"{SCALE_RANGE[0]}-{SCALE_RANGE[1]} of the side; random position inside the frame; any "
    "rotation for squares and triangles; slight aspect change and hand-drawn wobble; dark-on-"
    "light, light-on-dark or random colours with luminance contrast >= 0.3, flat or gradient "
    "background; light Gaussian blur (40%) and noise (60%). Classes balanced."
)
