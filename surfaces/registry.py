"""A name → object registry whose errors suggest the closest name."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
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

    def register(self, name: str, item: T) -> None:
        if name in self._items:
            raise ValueError(f"{self.kind} {name!r} is already registered")
        self._items[name] = item

    def get(self, name: str) -> T:
        try:
            return self._items[name]
        except (KeyError, TypeError):
            raise ValueError(unknown_name(self.kind, name, self._items)) from None

    def names(self) -> list[str]:
        return list(self._items)


def unknown_name(kind: str, name: object, choices: Iterable[str]) -> str:
    """The one-line message for an unknown name, with the closest match if any."""
    known = list(choices)
    close = difflib.get_close_matches(str(name), known, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(known)}"
    return f"unknown {kind} {name!r}{hint}"
