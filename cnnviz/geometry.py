"""All integer geometry: convolution, transposed-convolution, pooling and adaptive-pooling sizes,
padding, and which input cells each window reads (one enumerator, :func:`windows`, for
convolution and pooling alike).

No torch is needed to answer "what shape comes out?". Every size, kernel, stride, padding and
dilation is an ``int`` (a square) or an ``(h, w)`` pair, following PyTorch's (height, width)
order. ``padding`` may also be one of the keywords:

* ``'valid'``: no padding;
* ``'same'``: Keras/TensorFlow semantics for any stride: the output has ``ceil(n / s)`` cells
  per axis and the total padding ``max((ceil(n/s) - 1)·s + (k-1)·d + 1 - n, 0)`` is split with
  the odd cell at the bottom/right;
* ``'full'``: ``(k-1)·d`` on each side, so every cell the kernel can touch is visited.

Pooling follows torch's rules (:func:`pool_output_size`): padding at most half the pool size
per axis; per axis ``out = floor((n + 2p - k) / s) + 1``, with ``ceil_mode`` rounded up but the
last window must start inside the input or the left padding (``(out - 1)·s < n + p``).

Invalid settings raise :class:`GeometryError`, whose ``code`` and ``values`` let the app show a
translated sentence and whose message reads well in English. It survives ``pickle`` (a cache may
store it) with its code, values and message.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

PADDING_KEYWORDS = ("valid", "same", "full")

Pair = tuple[int, int]


class GeometryError(ValueError):
    """An impossible convolution setting. ``code`` names the problem, ``values`` its numbers."""

    def __init__(self, code: str, message: str, **values: object) -> None:
        super().__init__(message)
        self.code = code
        self.values = values

    def __reduce__(self):
        return functools.partial(type(self), **self.values), (self.code, str(self))


def pair(value: int | tuple[int, int] | list[int], name: str = "value", minimum: int = 1) -> Pair:
    """``value`` as an (h, w) pair of ints, each at least ``minimum``."""
    if isinstance(value, bool):
        raise GeometryError("not_int", f"{name} must be an integer, not {value!r}", name=name)
    if isinstance(value, int):
        h = w = value
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        h, w = value
    else:
        raise GeometryError(
            "not_int", f"{name} must be an integer or an (h, w) pair, not {value!r}", name=name
        )
    if h < minimum or w < minimum:
        raise GeometryError(
            "too_small", f"{name} must be at least {minimum}, got {(h, w)}", name=name,
            minimum=minimum, value=(h, w),
        )
    return h, w


def _same_total(n: int, k: int, s: int, d: int) -> int:
    return max((math.ceil(n / s) - 1) * s + (k - 1) * d + 1 - n, 0)


def resolve_padding(
    size: int | Pair,
    kernel: int | Pair,
    stride: int | Pair = 1,
    padding: str | int | Pair = 0,
    dilation: int | Pair = 1,
) -> tuple[int, int, int, int]:
    """Padding as ``(top, bottom, left, right)`` cell counts.

    >>> resolve_padding(5, 3, padding='same')
    (1, 1, 1, 1)
    >>> resolve_padding(6, 3, stride=2, padding='same')  # odd cell at the bottom/right
    (0, 1, 0, 1)
    """
    (n_h, n_w) = pair(size, "size")
    (k_h, k_w) = pair(kernel, "kernel")
    (s_h, s_w) = pair(stride, "stride")
    (d_h, d_w) = pair(dilation, "dilation")
    if isinstance(padding, str):
        keyword = padding.lower()
        if keyword == "valid":
            return 0, 0, 0, 0
        if keyword == "same":
            th, tw = _same_total(n_h, k_h, s_h, d_h), _same_total(n_w, k_w, s_w, d_w)
            return th // 2, th - th // 2, tw // 2, tw - tw // 2
        if keyword == "full":
            ph, pw = (k_h - 1) * d_h, (k_w - 1) * d_w
            return ph, ph, pw, pw
        raise GeometryError(
            "bad_padding", f"padding must be one of {PADDING_KEYWORDS} or integers, not {padding!r}",
            value=padding,
        )
    if isinstance(padding, (tuple, list)) and len(padding) == 4:
        if not all(isinstance(p, int) and not isinstance(p, bool) and p >= 0 for p in padding):
            raise GeometryError("too_small", f"padding must be ≥ 0, got {padding!r}",
                                name="padding", minimum=0, value=tuple(padding))
        return tuple(padding)  # type: ignore[return-value]
    p_h, p_w = pair(padding, "padding", minimum=0)
    return p_h, p_h, p_w, p_w


def conv_output_size(
    size: int | Pair,
    kernel: int | Pair,
    stride: int | Pair = 1,
    padding: str | int | Pair = 0,
    dilation: int | Pair = 1,
) -> Pair:
    """Output ``(out_h, out_w)`` of a convolution, as ``torch.nn.Conv2d`` (or Keras for 'same').

    Per axis: ``floor((n + p_before + p_after - (k - 1)·d - 1) / s) + 1``.
    Raises :class:`GeometryError` (code ``'kernel_too_big'``) when the dilated kernel does not
    fit in the padded input.
    """
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = pair(stride, "stride")
    d = pair(dilation, "dilation")
    top, bottom, left, right = resolve_padding(n, k, s, padding, d)
    out = []
    for axis, (n_a, k_a, s_a, d_a, p_a) in enumerate(
        zip(n, k, s, d, (top + bottom, left + right), strict=True)
    ):
        span = (k_a - 1) * d_a + 1
        if n_a + p_a < span:
            raise GeometryError(
                "kernel_too_big",
                f"the dilated kernel spans {span} cells but the padded input has only "
                f"{n_a + p_a} along the {'height' if axis == 0 else 'width'}",
                axis=axis, span=span, padded=n_a + p_a,
            )
        out.append((n_a + p_a - span) // s_a + 1)
    return out[0], out[1]


def transposed_output_size(
    size: int | Pair,
    kernel: int | Pair,
    stride: int | Pair = 1,
    padding: int | Pair = 0,
    output_padding: int | Pair = 0,
    dilation: int | Pair = 1,
) -> Pair:
    """Output of ``torch.nn.ConvTranspose2d``:
    ``(n - 1)·s - 2·p + d·(k - 1) + output_padding + 1`` per axis.

    torch requires ``output_padding < stride`` or ``< dilation``; a result below 1 is an error.
    """
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = pair(stride, "stride")
    d = pair(dilation, "dilation")
    p = pair(padding, "padding", minimum=0)
    op = pair(output_padding, "output_padding", minimum=0)
    out = []
    for axis in range(2):
        if op[axis] >= max(s[axis], d[axis]):
            raise GeometryError(
                "output_padding_too_big",
                f"output padding ({op[axis]}) must be smaller than the stride or the dilation "
                f"({max(s[axis], d[axis])})",
                value=op[axis], limit=max(s[axis], d[axis]),
            )
        o = (n[axis] - 1) * s[axis] - 2 * p[axis] + d[axis] * (k[axis] - 1) + op[axis] + 1
        if o < 1:
            raise GeometryError(
                "transposed_empty",
                f"padding {p[axis]} removes the whole output along the "
                f"{'height' if axis == 0 else 'width'}",
                axis=axis, padding=p[axis], value=o,
            )
        out.append(o)
    return out[0], out[1]


def pool_output_size(
    size: int | Pair,
    kernel: int | Pair,
    stride: int | Pair | None = None,
    padding: int | Pair = 0,
    ceil_mode: bool = False,
) -> Pair:
    """Output ``(out_h, out_w)`` of ``max_pool2d``/``avg_pool2d`` (torch's rule, see module doc).

    ``stride=None`` means the pool size (torch's default). Raises :class:`GeometryError` with
    code ``'pool_pad_too_big'`` (``axis``, ``padding``, ``limit``, ``kernel``) when the padding is
    more than half the pool size, ``'kernel_too_big'`` (``axis``, ``span``, ``padded``) when the
    pool does not fit in the padded input.
    """
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    out = []
    for axis in range(2):
        if p[axis] > k[axis] // 2:
            raise GeometryError(
                "pool_pad_too_big",
                f"padding {p[axis]} is more than half the pool size {k[axis]} along the "
                f"{'height' if axis == 0 else 'width'} (at most {k[axis] // 2})",
                axis=axis, padding=p[axis], limit=k[axis] // 2, kernel=k[axis],
            )
        padded = n[axis] + 2 * p[axis]
        numerator = padded - k[axis] + (s[axis] - 1 if ceil_mode else 0)
        o = numerator // s[axis] + 1
        if ceil_mode and (o - 1) * s[axis] >= n[axis] + p[axis]:
            o -= 1
        if o < 1:  # with ceil_mode torch lets one window overhang a too-small input
            raise GeometryError(
                "kernel_too_big",
                f"the pool spans {k[axis]} cells but the padded input has only {padded} along "
                f"the {'height' if axis == 0 else 'width'}",
                axis=axis, span=k[axis], padded=padded,
            )
        out.append(o)
    return out[0], out[1]


def pool_padding_extent(
    size: int | Pair, kernel: int | Pair, stride: int | Pair | None = None,
    padding: int | Pair = 0, ceil_mode: bool = False,
) -> tuple[int, int, int, int]:
    """Cells pooling windows reach beyond the input: ``(top, bottom, left, right)``.

    ``top``/``left`` are the padding; ``bottom``/``right`` are the padding plus, with
    ``ceil_mode``, the overhang of the last window past the padding (cells no pooling counts).
    """
    n = pair(size, "size")
    k = pair(kernel, "kernel")
    s = k if stride is None else pair(stride, "stride")
    p = pair(padding, "padding", minimum=0)
    o = pool_output_size(n, k, s, p, ceil_mode)
    after = [max(p[a], (o[a] - 1) * s[a] + k[a] - n[a] - p[a]) for a in range(2)]
    return p[0], after[0], p[1], after[1]


def adaptive_windows(size: int, out: int) -> list[tuple[int, int]]:
    """torch's adaptive pooling windows along one axis: ``[floor(i·n/o), ceil((i+1)·n/o))``."""
    if size < 1 or out < 1:
        raise GeometryError("too_small", "sizes must be at least 1", name="size", minimum=1,
                            value=(size, out))
    return [((i * size) // out, -((-(i + 1) * size) // out)) for i in range(out)]


@dataclass(frozen=True)
class Window:
    """The cells one output position reads, in padded-input coordinates.

    ``cells`` lists ``(row, col)`` of every kernel tap in the padded grid, in kernel order
    (row-major over the kernel); ``inside`` tells, for each tap, whether it falls on a real input
    cell (``True``) or not; ``source`` gives the tap's coordinates in the unpadded input, or
    ``None`` outside it; ``region`` names each tap's place: ``'input'``, ``'pad'`` (padding) or
    ``'out'`` (a pooling ``ceil_mode`` overhang past the padding, which no pooling counts).
    """

    out: Pair
    cells: tuple[Pair, ...]
    inside: tuple[bool, ...]
    source: tuple[Pair | None, ...] = ()
    region: tuple[str, ...] = ()


def windows(
    size: int | Pair,
    kernel: int | Pair,
    stride: int | Pair | None = 1,
    padding: str | int | Pair = 0,
    dilation: int | Pair = 1,
    *,
    pooling: bool = False,
    ceil_mode: bool = False,
) -> list[Window]:
    """For each output position (row-major), the input cells its (dilated) window reads.

    Convolution by default (:func:`conv_output_size`, any padding of :func:`resolve_padding`);
    with ``pooling``, torch's pooling rules (:func:`pool_output_size`: ``stride=None`` is the
    pool size, integer padding, ``ceil_mode``). Coordinates are in the padded grid whose top-left
    is padding cell ``(0, 0)``; ``source`` gives input coordinates.
    """
    n_h, n_w = pair(size, "size")
    k_h, k_w = pair(kernel, "kernel")
    d_h, d_w = pair(dilation, "dilation")
    if pooling:
        s_h, s_w = (k_h, k_w) if stride is None else pair(stride, "stride")
        top, left = pair(padding, "padding", minimum=0)
        o_h, o_w = pool_output_size((n_h, n_w), (k_h, k_w), (s_h, s_w), (top, left), ceil_mode)
        end_h, end_w = n_h + 2 * top, n_w + 2 * left
    else:
        s_h, s_w = pair(1 if stride is None else stride, "stride")
        top, bottom, left, right = resolve_padding((n_h, n_w), (k_h, k_w), (s_h, s_w), padding,
                                                   (d_h, d_w))
        o_h, o_w = conv_output_size((n_h, n_w), (k_h, k_w), (s_h, s_w), padding, (d_h, d_w))
        end_h, end_w = n_h + top + bottom, n_w + left + right
    result = []
    for i in range(o_h):
        for j in range(o_w):
            cells, inside, source, region = [], [], [], []
            for a in range(k_h):
                for b in range(k_w):
                    r, c = i * s_h + a * d_h, j * s_w + b * d_w
                    cells.append((r, c))
                    ir, ic = r - top, c - left
                    ok = 0 <= ir < n_h and 0 <= ic < n_w
                    inside.append(ok)
                    source.append((ir, ic) if ok else None)
                    region.append("input" if ok else "pad" if r < end_h and c < end_w else "out")
            result.append(Window((i, j), tuple(cells), tuple(inside), tuple(source), tuple(region)))
    return result


def receptive_field(layers: list[tuple[int, int, int]]) -> int:
    """Receptive field of a stack of ``(kernel, stride, dilation)`` layers along one axis."""
    rf, jump = 1, 1
    for k, s, d in layers:
        rf += (k - 1) * d * jump
        jump *= s
    return rf
