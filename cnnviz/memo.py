"""A cache bounded in bytes as well as in entries, shared by every session of a server process.

Streamlit's caches bound only the number of entries: an activation set of a 256-px photo costs
about 64 MB, a decoded 2048-px upload 16 MB, so "12 entries" says little about memory. Here
each entry's size is measured (:func:`nbytes`) when it is stored, and the least recently used
entries are dropped until both bounds hold. An entry larger than the byte bound is returned but
not kept. Values are shared, never copied: callers must not mutate them (arrays are made
read-only by the callers that store them).

Arguments whose name starts with ``_`` are left out of the key (as in Streamlit); ``bytes``
arguments are keyed by their SHA-256, so the cache holds no copy of an upload.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import inspect
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
from PIL import Image

F = TypeVar("F", bound=Callable[..., Any])


def nbytes(obj: Any, _seen: set[int] | None = None) -> int:
    """Approximate memory held by ``obj``: arrays, bytes, Pillow images, containers, dataclasses
    and plain objects (each object counted once)."""
    seen = _seen if _seen is not None else set()
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return int(obj.nbytes) if obj.base is None or id(obj.base) not in seen else 0
    if isinstance(obj, (bytes, bytearray, memoryview)):
        return len(obj)
    if isinstance(obj, Image.Image):
        bands = len(obj.getbands())
        return obj.width * obj.height * (1 if bands == 1 and obj.mode in ("1", "L", "P") else 4)
    if isinstance(obj, str):
        return sys.getsizeof(obj)
    if isinstance(obj, dict):
        return sum(nbytes(k, seen) + nbytes(v, seen) for k, v in obj.items()) + 64
    if isinstance(obj, (list, tuple, set, frozenset)):
        return sum(nbytes(v, seen) for v in obj) + 56
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return sum(nbytes(getattr(obj, f.name), seen) for f in dataclasses.fields(obj)) + 56
    if hasattr(obj, "__dict__"):
        return sum(nbytes(v, seen) for v in vars(obj).values()) + 56
    return sys.getsizeof(obj)


class ByteBoundedCache:
    """Least-recently-used mapping bounded by ``max_bytes`` and ``max_entries``; thread-safe."""

    def __init__(self, max_bytes: int, max_entries: int) -> None:
        self.max_bytes = max_bytes
        self.max_entries = max_entries
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Any) -> tuple[bool, Any]:
        with self._lock:
            if key not in self._items:
                return False, None
            self._items.move_to_end(key)
            return True, self._items[key][0]

    def put(self, key: Any, value: Any) -> None:
        size = nbytes(value)
        with self._lock:
            if key in self._items:
                self._bytes -= self._items.pop(key)[1]
            if size > self.max_bytes:
                return
            self._items[key] = (value, size)
            self._bytes += size
            while self._bytes > self.max_bytes or len(self._items) > self.max_entries:
                _, (_, dropped) = self._items.popitem(last=False)
                self._bytes -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)


CACHES: dict[tuple[str, str], ByteBoundedCache] = {}
"""Every cache made by :func:`bounded_cache`, by (file, function name): Streamlit executes a
page's file again on every run, so the decorator finds its cache here instead of starting an
empty one."""
_REGISTRY_LOCK = threading.Lock()


def clear_all() -> None:
    for cache in list(CACHES.values()):
        cache.clear()


def _key_part(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return ("sha256", hashlib.sha256(value).hexdigest())
    return value


def bounded_cache(max_bytes: int, max_entries: int) -> Callable[[F], F]:
    """Decorator: memoise a function in a :class:`ByteBoundedCache` (see the module's notes).

    Two sessions asking for the same missing entry may both compute it; the second result
    replaces the first (same value), which is cheaper than holding a lock over a computation.
    """

    def decorate(fn: F) -> F:
        identity = (fn.__code__.co_filename, fn.__qualname__)
        with _REGISTRY_LOCK:
            cache = CACHES.get(identity)
            if cache is None:
                cache = CACHES[identity] = ByteBoundedCache(max_bytes, max_entries)
            cache.max_bytes, cache.max_entries = max_bytes, max_entries
        signature = inspect.signature(fn)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            key = tuple((name, _key_part(value)) for name, value in bound.arguments.items()
                        if not name.startswith("_"))
            hit, value = cache.get(key)
            if hit:
                return value
            value = fn(*args, **kwargs)
            cache.put(key, value)
            return value

        wrapper.cache = cache  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate
