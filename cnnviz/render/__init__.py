"""Drawing: the stage (grid animations in the browser), pictures and charts."""
