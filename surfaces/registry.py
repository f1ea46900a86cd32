"""A name → object registry whose errors suggest the closest name."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """Objects registered under unique names, looked up with helpful errors.

    Example:
        >>> colours = Registry[str]("colour")
        >>> colours.register("red", "#f00")
        >>> colours.get("red")
        '#f00'
        >>> colours.get("rde")
        Traceback (most recent call last):
        ...
        ValueError: unknown colour 'rde'; did you mean 'red'?
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._items: dict[str, T] = {}
        self._builders: dict[str, Callable[[], T]] = {}
        self._lock = threading.Lock()

    def register(self, name: str, item: T) -> None:
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item

    def register_lazy(self, name: str, build: Callable[[], T]) -> None:
        """Registers ``name`` now and its object when first asked for: ``build()`` runs once,
        on the first :meth:`get`, and its result is kept (for objects that cost time to make,
        such as a trained network's plane)."""
        self.register(name, None)  # type: ignore[arg-type]
        self._builders[name] = build

    def get(self, name: str) -> T:
        try:
            item = self._items[name]
        except (KeyError, TypeError):
            raise ValueError(unknown_name(self.kind, name, self._items)) from None
        if name in self._builders:
            with self._lock:
                if name in self._builders:
                    self._items[name] = self._builders[name]()
                    del self._builders[name]
                item = self._items[name]
        return item

    def names(self) -> list[str]:
        return list(self._items)

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[T]:
        return (self.get(name) for name in self.names())


def unknown_name(kind: str, name: object, choices: Iterable[str]) -> str:
    """The one-line message for an unknown name, with the closest match if any."""
    known = list(choices)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(known)}"
    return f"unknown {kind} {name!r}{hint}"
