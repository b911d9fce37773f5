"""Architectures lesson: every layer of a zoo network with its output shape, parameters,
multiply-adds and receptive field; ResNet's skips, U-Net's copy-and-crop, MobileNet's savings.

Numbers only (no drawing). Shapes and costs come from running the model under
``torch.device("meta")``: torch computes every output shape and ``FlopCounterMode`` every cost
without allocating a single weight (VGG16's 138 million included), so a cold table is fast.
``FlopCounterMode`` counts a multiply-add as 2 FLOPs; the tables show multiply-adds, the unit of
torchvision's published "GFLOPS" column.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from itertools import pairwise

import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

from cnnviz.geometry import GeometryError, ReceptiveField, receptive_fields, resolve_padding
from cnnviz.hooks import this_thread_only
from models import zoo

# Ranges of the Convolution and Pooling lessons' sliders (their URL keys), for links from a row.
CONV_LIMITS = {"k": 7, "s": 4, "d": 4, "p": 4, "n": 12}
POOL_LIMITS = {"k": 6, "s": 6, "p": 3}
SPATIAL = (nn.Conv2d, nn.MaxPool2d, nn.AvgPool2d)


@dataclass(frozen=True)
class Row:
    """One leaf layer, in execution order. ``out_shape`` is (C, H, W) or (features,);
    ``settings`` (kernel, stride, padding, dilation) for a convolution or a pooling layer;
    ``rf`` the receptive field of one of its outputs on the network's input (``None`` where the
    output sees the whole input or the layer sits on a side path)."""

    name: str
    kind: str
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    params: int
    macs: int
    settings: tuple[tuple[int, int], ...] | None
    groups: int
    rf: ReceptiveField | None


@dataclass(frozen=True)
class Table:
    name: str
    input_shape: tuple[int, int, int]
    rows: tuple[Row, ...]
    params: int
    macs: int
    output_shape: tuple[int, ...]


def _pair(v) -> tuple[int, int]:
    return (v, v) if isinstance(v, int) else (int(v[0]), int(v[1]))


def _kind(module: nn.Module) -> str:
    if isinstance(module, nn.ConvTranspose2d):
        return "upconv"
    if isinstance(module, nn.Conv2d):
        if module.groups > 1 and module.groups == module.in_channels:
            return "depthwise"
        return "pointwise" if module.kernel_size == (1, 1) else "conv"
    kinds = {nn.MaxPool2d: "maxpool", nn.AvgPool2d: "avgpool", nn.AdaptiveAvgPool2d: "global",
             nn.Linear: "linear", nn.BatchNorm2d: "bn", nn.ReLU: "relu", nn.ReLU6: "relu",
             nn.Dropout: "dropout", nn.Flatten: "flatten", zoo.CenterCrop: "crop"}
    return next((v for k, v in kinds.items() if isinstance(module, k)), "other")


def _settings(module: nn.Module, in_shape: tuple[int, ...]) -> tuple[tuple[int, int], ...] | None:
    """(kernel, stride, padding on the top/left, dilation) of a convolution or pooling layer."""
    if isinstance(module, nn.Conv2d) and not isinstance(module, nn.ConvTranspose2d):
        k, s, d = _pair(module.kernel_size), _pair(module.stride), _pair(module.dilation)
        padding = module.padding
        if isinstance(padding, str):  # 'same' / 'valid' in the shapes models
            top, _, left, _ = resolve_padding(in_shape[-2:], k, s, padding, d)
            padding = (top, left)
        return k, s, _pair(padding), d
    if isinstance(module, (nn.MaxPool2d, nn.AvgPool2d)):
        stride = module.stride if module.stride is not None else module.kernel_size
        dilation = getattr(module, "dilation", 1)
        return (_pair(module.kernel_size), _pair(stride), _pair(module.padding), _pair(dilation))
    return None


def _leaves(model: nn.Module) -> list[tuple[str, nn.Module]]:
    return [(name, m) for name, m in model.named_modules()
            if name and (not list(m.children()) or isinstance(m, zoo.CenterCrop))]


def layer_table(name: str, size: int) -> Table:
    """Every leaf layer of zoo network ``name`` on a ``size``×``size`` input.

    Raises :class:`GeometryError` ``'vanish'`` (``layer``, ``shape``) when a layer gets a feature
    map too small for its window, ``'mismatch'`` (``layer``, ``got``, ``expected``) when a dense
    layer gets a number of features it was not built for, and ``ValueError`` for a bad name.
    """
    channels = zoo.INPUTS[name][0] if name in zoo.INPUTS else 3
    with torch.device("meta"):
        model = zoo.build(name)
    return _table(model, name, channels, size)


STACK_FILTERS = 16  # filters of every convolution of a stack from the Receptive field lesson


def stack_table(text: str, size: int) -> Table:
    """The same table for a stack written as in the Receptive field lesson (``c3p1, m2, …``):
    3 input channels, :data:`STACK_FILTERS` filters per convolution (with bias). Raises
    :class:`GeometryError` for a stack that cannot be read or does not fit ``size``."""
    from cnnviz.lessons.receptive_field import parse_stack

    modules: OrderedDict[str, nn.Module] = OrderedDict()
    channels = 3
    with torch.device("meta"):
        for index, layer in enumerate(parse_stack(text), start=1):  # named 1, 2, … as there
            if layer.kind == "conv":
                modules[str(index)] = nn.Conv2d(channels, STACK_FILTERS, layer.kernel,
                                                layer.stride, layer.padding, layer.dilation)
                channels = STACK_FILTERS
            elif layer.kind == "max":
                modules[str(index)] = nn.MaxPool2d(layer.kernel, layer.stride, layer.padding)
            else:
                modules[str(index)] = nn.AvgPool2d(layer.kernel, layer.stride, layer.padding)
        model = nn.Sequential(modules)
    return _table(model, "stack", 3, size)


def _table(model: nn.Module, name: str, channels: int, size: int) -> Table:
    leaves = _leaves(model)
    order: list[tuple[str, nn.Module, tuple[int, ...], tuple[int, ...]]] = []
    entered: list[tuple[str, nn.Module, tuple[int, ...]]] = []

    def pre(mod_name):
        def hook(module, args):
            entered.append((mod_name, module, tuple(args[0].shape[1:])))
        return hook

    def post(mod_name):
        def hook(module, args, output):
            entered.pop()
            order.append((mod_name, module, tuple(args[0].shape[1:]), tuple(output.shape[1:])))
        return hook

    handles = []
    for leaf_name, module in leaves:
        handles.append(module.register_forward_pre_hook(this_thread_only(pre(leaf_name))))
        handles.append(module.register_forward_hook(this_thread_only(post(leaf_name))))
    counter = FlopCounterMode(display=False)
    try:
        with counter, torch.no_grad():
            output = model(torch.empty(1, channels, size, size, device="meta"))
    except RuntimeError as exc:
        if not entered:
            raise
        culprit, module, in_shape = entered[-1]
        if isinstance(module, nn.Linear):
            got = in_shape[-1] if in_shape else 0
            raise GeometryError("mismatch", f"{culprit} expects {module.in_features} features, "
                                f"gets {got}", layer=culprit, got=got,
                                expected=module.in_features) from exc
        shape = "×".join(str(v) for v in in_shape[-2:])
        raise GeometryError("vanish", f"{culprit} gets a {shape} feature map, too small for its "
                            "window", layer=culprit, shape=shape, kind=_kind(module)) from exc
    finally:
        for h in handles:
            h.remove()
    flops = counter.get_flop_counts()
    prefix = type(model).__name__
    rows = []
    stack: list[tuple] = []
    main_rf: ReceptiveField | None = ReceptiveField((1, 1), (1, 1), (0, 0))
    for leaf_name, module, in_shape, out_shape in order:
        kind = _kind(module)
        settings = _settings(module, in_shape)
        side = "downsample" in leaf_name.split(".")
        if side:
            rf = None
        elif settings is not None and main_rf is not None:
            stack.append(settings)
            main_rf = rf = receptive_fields(stack)[-1]
        elif kind in ("upconv", "global", "linear", "flatten"):
            main_rf = rf = None
        else:
            rf = main_rf
        params = sum(p.numel() for p in module.parameters(recurse=False))
        macs = sum(flops.get(f"{prefix}.{leaf_name}", {}).values()) // 2
        groups = module.groups if isinstance(module, nn.Conv2d) else 1
        rows.append(Row(leaf_name, kind, in_shape, out_shape, params, macs, settings, groups, rf))
    return Table(name, (channels, size, size), tuple(rows),
                 sum(p.numel() for p in model.parameters()),
                 counter.get_total_flops() // 2, tuple(output.shape[1:]))


def main_rows(table: Table, detail: bool) -> list[Row]:
    """The rows a student reads first: convolutions, pooling and dense layers (``detail``:
    batch norms, activations, dropouts too)."""
    hidden = () if detail else ("bn", "relu", "dropout", "flatten", "other")
    return [r for r in table.rows if r.kind not in hidden]


def lesson_link(row: Row) -> tuple[str, dict[str, str]] | None:
    """``(page, query)`` opening the Convolution or Pooling lesson with this layer's settings,
    or ``None`` when the layer is neither or its settings exceed the lesson's sliders."""
    if row.settings is None:
        return None
    (k, _), (s, _), (p, _), (d, _) = row.settings
    if row.kind in ("maxpool", "avgpool"):
        if k > POOL_LIMITS["k"] or s > POOL_LIMITS["s"] or p > min(POOL_LIMITS["p"], k // 2):
            return None
        return "pooling", {"pool_k": str(k), "pool_sauto": "0", "pool_s": str(s),
                           "pool_p": str(p)}
    if k > CONV_LIMITS["k"] or s > CONV_LIMITS["s"] or d > CONV_LIMITS["d"] or p > CONV_LIMITS["p"]:
        return None
    span = (k - 1) * d + 1
    n = min(CONV_LIMITS["n"], max(7, span + s))
    query = {"n": str(n), "k": str(k), "s": str(s), "d": str(d)}
    if p:
        query.update({"pad": "custom", "p": str(p)})
    return "convolution", query


def shape_flow(table: Table) -> list[tuple[str, int, int, int]]:
    """``(layer, channels, height, width)`` after the input and each convolution or pooling
    layer of the main path: the spatial size shrinks while the channels grow."""
    flow = [("input", *table.input_shape)]
    for row in table.rows:
        if row.kind in ("conv", "pointwise", "depthwise", "maxpool", "avgpool", "upconv") \
                and len(row.out_shape) == 3 and "downsample" not in row.name:
            flow.append((row.name, *row.out_shape))
    return flow


@dataclass(frozen=True)
class Skip:
    """A residual block: input and output shapes, and how the shortcut matches them."""

    block: str
    in_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    projection: str | None  # the 1×1 convolution's name, or None for an identity shortcut


def resnet_skips(table: Table) -> list[Skip]:
    """One :class:`Skip` per residual block of a ResNet table (blocks named ``layerI.J``)."""
    blocks: dict[str, list[Row]] = {}
    for row in table.rows:
        parts = row.name.split(".")
        if parts[0].startswith("layer") and len(parts) > 2:
            blocks.setdefault(".".join(parts[:2]), []).append(row)
    previous = _shape_before(table, next(iter(blocks), None)) if blocks else ()
    skips = []
    for block, rows in blocks.items():
        projection = next((r.name for r in rows if "downsample" in r.name and r.kind != "bn"), None)
        out_shape = [r for r in rows if "downsample" not in r.name][-1].out_shape
        skips.append(Skip(block, previous, out_shape, projection))
        previous = out_shape
    return skips


def _shape_before(table: Table, prefix: str | None) -> tuple[int, ...]:
    shape: tuple[int, ...] = table.input_shape
    for row in table.rows:
        if prefix and row.name.startswith(prefix + "."):
            return shape
        shape = row.out_shape
    return shape


@dataclass(frozen=True)
class Crop:
    """U-Net's copy-and-crop at one level: the encoder map, the up-sampled decoder map, and the
    cells taken off each side of the encoder map so both line up."""

    level: int
    encoder: tuple[int, ...]
    decoder: tuple[int, ...]
    margin: int


def unet_crops(table: Table) -> list[Crop]:
    """The four copy-and-crop steps of a U-Net table, deepest first."""
    crops = [r for r in table.rows if r.kind == "crop"]
    return [Crop(len(crops) - i, r.in_shape, r.out_shape, (r.in_shape[-1] - r.out_shape[-1]) // 2)
            for i, r in enumerate(crops)]


@dataclass(frozen=True)
class Saving:
    """A depthwise-separable pair of MobileNet against one standard 3×3 convolution doing the
    same job (same channels in and out, same stride)."""

    depthwise: str
    pointwise: str
    params: int
    macs: int
    standard_params: int
    standard_macs: int


def mobilenet_savings(table: Table) -> list[Saving]:
    """Each depthwise 3×3 followed by its 1×1 projection, with the cost of the standard
    convolution it replaces (batch norms left out)."""
    convs = [r for r in table.rows if r.kind in ("depthwise", "pointwise", "conv")]
    savings = []
    for dw, pw in pairwise(convs):
        if dw.kind != "depthwise" or pw.kind != "pointwise":
            continue
        (kh, kw) = dw.settings[0]
        c_in, c_out = dw.out_shape[0], pw.out_shape[0]
        positions = pw.out_shape[1] * pw.out_shape[2]
        standard_params = kh * kw * c_in * c_out
        savings.append(Saving(dw.name, pw.name, dw.params + pw.params, dw.macs + pw.macs,
                              standard_params, standard_params * positions))
    return savings


# torchvision's published figures (model pages: num_params and GFLOPS, i.e. giga multiply-adds,
# at 224×224), and the papers' for the others; the lesson shows them beside the measured totals.
PUBLISHED: dict[str, tuple[int, float, str]] = {
    "alexnet": (61_100_840, 0.71, "torchvision"),
    "vgg16": (138_357_544, 15.47, "torchvision"),
    "resnet18": (11_689_512, 1.81, "torchvision"),
    "resnet50": (25_557_032, 4.09, "torchvision"),
    "mobilenet_v2": (3_504_872, 0.30, "torchvision"),
    "mobilenet_v1": (4_200_000, 0.569, "Howard et al. 2017"),
}


def matches_published(table: Table) -> bool | None:
    """Whether the measured totals round to the published ones (``None``: nothing published
    for this network at this input size)."""
    if table.name not in PUBLISHED or table.input_shape[-1] != 224:
        return None
    params, gmacs, source = PUBLISHED[table.name]
    if source == "torchvision":
        return table.params == params and round(table.macs / 1e9, 2) == gmacs
    return round(table.params / 1e6, 1) == params / 1e6 and round(table.macs / 1e9, 3) == gmacs
