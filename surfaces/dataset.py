r"""The data behind a data surface, for the data view: the points and the model.

A surface built on data (regression, classification, normalization) carries its
:class:`Dataset`, so that the model can be drawn in data space beside the error surface: the
line y = b + w·x over the points, the sigmoid over two classes. The model is the function the
loss is made of, so what is drawn is what is fitted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import jax
import numpy as np

Model = Callable[[jax.Array, jax.Array], jax.Array]
"""ŷ = f(θ, x), elementwise over an array x."""


class Dataset(NamedTuple):
    """Points (xₙ, yₙ) and the model fitted to them.

    Attributes:
        x: The inputs, shape (N,).
        y: The targets (a class 0 or 1 for classifiers), shape (N,).
        model: ŷ = f(θ, x).
        labels: Axis names as LaTeX: the input and the target.
        classes: Whether y holds classes (the model is then P(y = 1), and its decision
            boundary f = ½ is drawn).
        samples: How many x values draw the model: 2 for a line, more for a curve.
    """

    x: np.ndarray
    y: np.ndarray
    model: Model
    labels: tuple[str, str] = ("x", "y")
    classes: bool = False
    samples: int = 2
