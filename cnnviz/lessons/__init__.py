"""One module per lesson: its numbers, experiments and data models (no drawing).

* :mod:`cnnviz.lessons.convolution`: stride, padding, padding modes, dilation, transposed
  convolution, output-size formulas, a filtered photo;
* :mod:`cnnviz.lessons.separable`: depthwise and pointwise stages, costs, spatially separable
  kernels, layer tables, the depthwise-versus-standard animation;
* :mod:`cnnviz.lessons.pooling`: max/avg/Lp/min pooling, shifts, pooling against a strided
  convolution, global and adaptive pooling;
* :mod:`cnnviz.lessons.activations`: a trained CNN's prediction and every layer's output.

Lessons build on the core (:mod:`cnnviz.geometry`, :mod:`cnnviz.functional`,
:mod:`cnnviz.modules`, :mod:`cnnviz.summary`, :mod:`cnnviz.animation`) and hand their results
to :mod:`cnnviz.render`; the core never imports a lesson.
"""
