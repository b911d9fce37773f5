"""Where did the network look? Grad-CAM and occlusion sensitivity, with captum.

- :func:`grad_cam` (Selvaraju et al. 2017): the gradients of a class score (the logit, before
  softmax) with respect to one convolutional layer's output, averaged over each channel's map,
  weight that layer's maps; their sum, through a ReLU, says which places of that layer raised
  the score. Computed by ``captum.attr.LayerGradCam`` and brought to the input's size with
  ``captum.attr.LayerAttribution.interpolate`` (bilinear).
- :func:`occlusion` (Zeiler & Fergus 2014): cover the input with a ``window``×``window`` patch
  of blank paper (the picture's own border colour), position by position, and measure how
  much the class score (its logit) drops; each pixel gets the mean drop of the patches
  covering it.
  Computed by ``captum.attr.Occlusion``. Needs no gradient, only forward passes.
- :func:`where_it_looked`: both maps for a trained model and for its untrained twin on the
  same input, for Adebayo et al. 2018's sanity check (a saliency method that gives the same
  picture for random weights explains the picture, not the model).

All maps are float32 numpy arrays of the input's size (H, W). Nothing here reads Streamlit
state.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from captum.attr import LayerAttribution, LayerGradCam, Occlusion
from torch import nn

__all__ = ["Attribution", "conv_layer_names", "feature_layer", "grad_cam", "occlusion",
           "paper_colour", "where_it_looked"]

DEFAULT_WINDOW = 6
DEFAULT_STRIDE = 2


def feature_layer(model: nn.Module, name: str) -> nn.Module:
    """The module called ``name`` (e.g. ``'conv6'``) in ``model.features`` (or in ``model``)."""
    container = getattr(model, "features", model)
    module = dict(container.named_children()).get(name)
    if module is None:
        raise ValueError(f"This model has no layer {name!r}.")
    return module


def conv_layer_names(model: nn.Module) -> list[str]:
    """Names of the convolutions of ``model.features`` (standard or separable), in order."""
    container = getattr(model, "features", model)
    return [n for n, m in container.named_children()
            if isinstance(m, nn.Conv2d) or hasattr(m, "depthwise")]


def _as_batch(x: torch.Tensor | np.ndarray) -> torch.Tensor:
    x = torch.as_tensor(x, dtype=torch.float32)
    if x.ndim == 3:
        x = x.unsqueeze(0)
    if x.ndim != 4 or x.shape[0] != 1:
        raise ValueError(f"Expected one image of shape (1, C, H, W), got {tuple(x.shape)}.")
    return x


class _Eval:
    """Run a model in eval mode for a block, restoring its training flag afterwards."""

    def __init__(self, model: nn.Module) -> None:
        self.model, self.was_training = model, model.training

    def __enter__(self) -> nn.Module:
        return self.model.eval()

    def __exit__(self, *exc) -> None:
        self.model.train(self.was_training)


def grad_cam(model: nn.Module, x: torch.Tensor | np.ndarray, target: int,
             layer: str = "conv6", relu: bool = True) -> np.ndarray:
    """Grad-CAM of class ``target`` at convolution ``layer``, upsampled to the input's size.

    ``x``: (1, C, H, W). Returns float32 (H, W): ``ReLU(Σ_k α_k A_k)`` with ``A_k`` the layer's
    output channels and ``α_k`` the spatial mean of ``∂ logit_target / ∂ A_k``, bilinearly
    interpolated (``relu=False`` keeps the negative part).
    """
    x = _as_batch(x)
    with _Eval(model) as m, torch.enable_grad():
        cam = LayerGradCam(m, feature_layer(m, layer)).attribute(
            x, target=int(target), relu_attributions=relu)
        up = LayerAttribution.interpolate(cam, tuple(x.shape[-2:]), interpolate_mode="bilinear")
    return up[0, 0].detach().numpy().astype(np.float32)


def paper_colour(x: torch.Tensor | np.ndarray) -> torch.Tensor:
    """The median colour of the image's one-pixel border, (C,): the blank paper an occluding
    patch is made of (white for a drawing on white)."""
    x = _as_batch(x)
    border = torch.cat([x[0, :, 0, :], x[0, :, -1, :], x[0, :, :, 0], x[0, :, :, -1]], dim=1)
    return border.median(dim=1).values


def occlusion(model: nn.Module, x: torch.Tensor | np.ndarray, target: int,
              window: int = DEFAULT_WINDOW, stride: int = DEFAULT_STRIDE,
              baseline: torch.Tensor | float | None = None) -> np.ndarray:
    """Occlusion sensitivity of class ``target``'s score (its logit): float32 (H, W).

    A ``window``×``window`` patch of ``baseline`` (default: :func:`paper_colour`) slides over
    the input with ``stride``; each pixel gets the mean, over the patches covering it, of
    ``score(x) − score(x with the patch)``. Positive: covering it lowers the class's score (the
    network used it); negative: covering it raised it. The score, not the probability: the
    trained model is so sure (p = 0.9999…) that a patch rarely moves its probability at all.
    """
    x = _as_batch(x)
    c = x.shape[1]
    if baseline is None:
        base = paper_colour(x).view(1, c, 1, 1).expand_as(x).contiguous()
    else:
        base = torch.as_tensor(baseline, dtype=torch.float32)
        base = base.view(1, -1, 1, 1).expand_as(x).contiguous() if base.ndim == 1 else base
    window = max(1, min(int(window), *x.shape[-2:]))
    stride = max(1, int(stride))
    with _Eval(model) as m, torch.no_grad():
        attr = Occlusion(m).attribute(
            x, sliding_window_shapes=(c, window, window), strides=(c, stride, stride),
            baselines=base, target=int(target), perturbations_per_eval=256)
    return attr[0, 0].detach().numpy().astype(np.float32)


@dataclass(frozen=True)
class Attribution:
    """Grad-CAM and occlusion maps (H, W) of one model for one class on one input, and the
    model's probability of that class."""

    grad_cam: np.ndarray
    occlusion: np.ndarray
    probability: float


def where_it_looked(models_: dict[str, nn.Module], x: torch.Tensor | np.ndarray, target: int,
                    layer: str = "conv6", window: int = DEFAULT_WINDOW,
                    stride: int = DEFAULT_STRIDE) -> dict[str, Attribution]:
    """:class:`Attribution` of class ``target`` for each model of ``models_`` (name -> model,
    e.g. the trained model and its untrained twin) on the same input ``x`` (1, 3, H, W)."""
    x = _as_batch(x)
    out = {}
    for name, model in models_.items():
        with _Eval(model) as m, torch.no_grad():
            p = float(torch.softmax(m(x), dim=1)[0, int(target)])
        out[name] = Attribution(grad_cam(model, x, target, layer), occlusion(
            model, x, target, window, stride), p)
    return out
