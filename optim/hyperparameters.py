"""Hyperparameters: their ranges and defaults, and the traced record the runner passes around.

Every number a run depends on (learning rate, optimizer coefficients, schedule parameters,
noise, batch size, seed, clipping) is a column of one float64 array, so that new values are
new data for the compiled trajectory, never a new compilation.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import jax
import numpy as np

STEPS_CAP = 1_000_000
"""The most steps one trajectory may take."""

SEED_CAP = 2**32 - 1


class HyperParams(NamedTuple):
    """The traced numbers of one trajectory (scalars inside the runner, columns outside).

    ``lr`` holds the base η outside an update and the scheduled η_t inside one.
    """

    lr: jax.Array
    momentum: jax.Array
    alpha: jax.Array
    beta1: jax.Array
    beta2: jax.Array
    eps: jax.Array
    weight_decay: jax.Array
    clip: jax.Array
    noise: jax.Array
    batch_size: jax.Array
    seed: jax.Array
    schedule_N: jax.Array
    schedule_gamma: jax.Array
    schedule_T: jax.Array
    schedule_floor: jax.Array
    warmup: jax.Array


class Range(NamedTuple):
    """An allowed interval for a number, with which ends are included.

    Example:
        >>> Range(0.0, 1.0, high_open=True).check("momentum", 0.9)
        0.9
        >>> Range(0.0, 1.0, high_open=True).check("momentum", 1.0)
        Traceback (most recent call last):
        ...
        ValueError: momentum must be in [0, 1), got 1
    """

    low: float
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    integer: bool = False

    def __str__(self) -> str:
        if self.high == math.inf:
            return f"{'>' if self.low_open else '≥'} {number(self.low)}"
        left, right = "(" if self.low_open else "[", ")" if self.high_open else "]"
        return f"{left}{number(self.low)}, {number(self.high)}{right}"

    def contains(self, values: np.ndarray) -> np.ndarray:
        """Elementwise: whether each value is finite, in range and (if asked) whole."""
        low = values > self.low if self.low_open else values >= self.low
        high = values < self.high if self.high_open else values <= self.high
        whole = np.floor(values) == values if self.integer else True
        return np.isfinite(values) & low & high & whole

    def check(self, name: str, value: object) -> float | np.ndarray:
        """Returns ``value`` as a float (or a float64 array, checked elementwise), or raises
        a ValueError that names ``name``."""
        if not isinstance(value, (int, float, str)) and np.ndim(value) > 0:
            try:
                values = np.asarray(value, dtype=np.float64)
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be numbers, got {value!r}") from None
            bad = ~self.contains(values)
            if bad.any():
                self.check(name, float(values[bad][0]))
            return values
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(value)  # type: ignore[arg-type]
            except (TypeError, ValueError):
                raise ValueError(f"{name} must be a number, got {value!r}") from None
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        if self.integer and value != int(value):
            raise ValueError(f"{name} must be a whole number, got {value!r}")
        too_low = value <= self.low if self.low_open else value < self.low
        too_high = value >= self.high if self.high_open else value > self.high
        if too_low or too_high:
            where = f"be {self}" if self.high == math.inf else f"be in {self}"
            raise ValueError(f"{name} must {where}, got {number(value)}")
        return value


def number(value: float) -> str:
    """A number as people write it: ``1000000``, ``0.001``, ``1e-08``."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else f"{value:g}"


class HyperParameter(NamedTuple):
    """A named, documented, range-checked hyperparameter.

    Attributes:
        name: Keyword used by the API and the CLI (``--weight-decay`` for ``weight_decay``).
        default: Value when not given.
        range: Allowed values.
        symbol: LaTeX symbol as in the course.
        description: One line for help texts.
        log: Whether sliders should move on a log scale.
    """

    name: str
    default: float
    range: Range
    symbol: str
    description: str
    log: bool = False

    def check(self, value: object) -> float | np.ndarray:
        return self.range.check(self.name, value)


UNIT = Range(0.0, 1.0, high_open=True)

LR = HyperParameter("lr", 1e-2, Range(0.0, low_open=True), r"\eta", "learning rate", log=True)
MOMENTUM = HyperParameter("momentum", 0.9, UNIT, r"\lambda", "momentum coefficient")
ALPHA = HyperParameter("alpha", 0.99, UNIT, r"\alpha", "RMSProp smoothing constant")
BETA1 = HyperParameter("beta1", 0.9, UNIT, r"\beta_1", "Adam first-moment decay")
BETA2 = HyperParameter("beta2", 0.999, UNIT, r"\beta_2", "Adam second-moment decay")
EPS = HyperParameter("eps", 1e-8, Range(0.0), r"\varepsilon", "added to the denominator", log=True)
WEIGHT_DECAY = HyperParameter("weight_decay", 0.0, Range(0.0), r"\lambda_{wd}", "weight decay")

CLIP = HyperParameter("clip", math.inf, Range(0.0, low_open=True), "c", "max gradient norm")
NOISE = HyperParameter("noise", 0.0, Range(0.0), r"\sigma", "gradient noise std (per sample)")
BATCH_SIZE = HyperParameter(
    "batch_size", 1, Range(1.0, integer=True), "B", "batch size (noise std is σ/√B)", log=True
)
SEED = HyperParameter("seed", 0, Range(0.0, SEED_CAP, integer=True), "s", "random seed")
STEPS = HyperParameter("steps", 500, Range(1.0, STEPS_CAP, integer=True), "T", "number of steps")
