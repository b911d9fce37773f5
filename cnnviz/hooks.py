"""Forward hooks that are safe on a model shared by several server threads.

The server keeps one instance of each model for every session (``st.cache_resource``), and each
session's script runs in its own thread. A forward hook registered on a shared module fires for
*every* forward pass that goes through it while it is registered, whichever thread runs that
pass: two sessions capturing activations at the same moment each received both passes' outputs
(every layer twice, half of them from the other session's photo). :func:`this_thread_only` wraps
a hook so it only sees the passes run by the thread that registered it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any


def this_thread_only(hook: Callable[..., Any]) -> Callable[..., Any]:
    """``hook`` called only for forward passes run by the current thread (others: ``None``,
    which leaves the module's output unchanged). Wrap a hook when registering it:
    ``module.register_forward_hook(this_thread_only(hook))``."""
    owner = threading.get_ident()

    @functools.wraps(hook)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if threading.get_ident() != owner:
            return None
        return hook(*args, **kwargs)

    return guarded
