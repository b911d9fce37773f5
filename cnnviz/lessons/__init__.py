"""One module per lesson: its numbers, experiments and data models (no drawing).

* :mod:`cnnviz.lessons.convolution`: stride, padding, padding modes, dilation, transposed
  convolution, output-size formulas, a filtered photo;
* :mod:`cnnviz.lessons.separable`: depthwise and pointwise stages, costs, spatially separable
  kernels, layer tables, the depthwise-versus-standard animation;
* :mod:`cnnviz.lessons.pooling`: max/avg/Lp/min pooling, shifts, pooling against a strided
  convolution, global and adaptive pooling;
* :mod:`cnnviz.lessons.activations`: a trained CNN's prediction and every layer's output;
* :mod:`cnnviz.lessons.training`: the queue of live training runs (one per CPU core, each in a
  child process), their progress, and the over-fitting detector.
* :mod:`cnnviz.lessons.drawing`, :mod:`~cnnviz.lessons.attribution` (Grad-CAM, occlusion),
  :mod:`~cnnviz.lessons.channels` (tile clicks, receptive fields, kernels, top-9) and
  :mod:`~cnnviz.lessons.looksee` (their page-facing facade): see what the network sees.

Lessons build on the core (:mod:`cnnviz.geometry`, :mod:`cnnviz.functional`,
:mod:`cnnviz.modules`, :mod:`cnnviz.summary`, :mod:`cnnviz.animation`) and hand their results
to :mod:`cnnviz.render`; the core never imports a lesson.
"""
