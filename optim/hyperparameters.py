r"""The catalogue of the numbers a run takes, each declared once, and the traced record of them.

Every number a run depends on is a :class:`HyperParameter` here: the optimizers'
coefficients (η, λ, α, β₁, β₂, ε, λ_wd), the run's own settings (noise σ, batch size B, seed,
clipping norm c) and the keys of the learning-rate schedule (N, γ, T, f, W). An entry says
everything the engine, the CLI and the app need to know about it:

* ``name``: the keyword everywhere: the API (``optim.run(..., beta1=0.8)``), the CLI flag
  (``--beta1``, ``--weight-decay``), the URL, a map axis;
* ``symbol`` (LaTeX), ``label`` (widget text) and ``help`` (one line for help texts);
* ``default``, and ``range``: the values the engine accepts, whose check gives the error
  message (``momentum must be in [0, 1), got 1``);
* ``log`` (its scale) and ``ui`` (a slider's span and step, and a map's default range).

The groups :data:`OPTIMIZER_PARAMETERS`, :data:`RUN_PARAMETERS` and :data:`SCHEDULE_KEYS`
list them in menu order, :data:`PARAMETERS` by name, and :func:`get` finds one. Each is a
column of :class:`HyperParams`, the float64 record a compiled run receives as data, so new
values never recompile. What a map measures is catalogued beside this, in :mod:`.metrics`.

Adding an optimizer coefficient is one entry in :data:`OPTIMIZER_PARAMETERS` (its column in
:class:`HyperParams` follows) plus the optimizer's own code, which lists it in its
``hyperparameters`` and reads it as ``hp.<name>``.

For a user interface: ``RunSpec.parameters()`` (:mod:`.spec`) lists what one run takes, in
menu order, with its optimizer's defaults; a widget takes ``label``, ``help`` (a tooltip),
``ui`` (a slider's ``low``, ``high`` and ``step``, on a log scale when ``log``), ``default``
and ``range`` (``low``, ``high``, ``low_open``, ``high_open``, ``integer``: a
``param.Number``'s bounds and inclusive bounds), and checks a typed value with ``check``.
The URL key is the ``name``. Map axes are :mod:`.axes`, metrics :mod:`.metrics`.

Example:
    >>> p = get("beta2")
    >>> p.label, p.symbol, p.default, str(p.range), p.ui
    ('β₂ (Adam)', '\\beta_2', 0.999, '[0, 1)', Span(low=0.9, high=0.9999, step=0.0001))
    >>> p.check(1.0)
    Traceback (most recent call last):
    ...
    ValueError: beta2 must be in [0, 1), got 1
    >>> [p.name for p in SCHEDULE_KEYS]
    ['N', 'gamma', 'T', 'floor', 'warmup']
"""

from __future__ import annotations

import math
from typing import NamedTuple

import jax
import numpy as np

from optiviz.surfaces.registry import unknown_name

STEPS_CAP = 1_000_000
"""The most steps one trajectory may take."""

SEED_CAP = 2**32 - 1


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

    @property
    def phrase(self) -> str:
        """What a value must be: ``"in [0, 1)"``, ``"> 0"``."""
        return str(self) if self.high == math.inf else f"in {self}"

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
            raise ValueError(f"{name} must be {self.phrase}, got {number(value)}")
        return value


def number(value: float) -> str:
    """A number as people write it: ``1000000``, ``0.001``, ``1e-08``."""
    return str(int(value)) if value == int(value) and abs(value) < 1e15 else f"{value:g}"


class Span(NamedTuple):
    """The values worth showing: a slider's ends (a log slider's, on a log scale) and step,
    and a map's default range.

    Attributes:
        low, high: The ends.
        step: A linear slider's step (None: a log slider, or whole numbers).
    """

    low: float
    high: float
    step: float | None = None


class HyperParameter(NamedTuple):
    """A named, documented, range-checked number of a run.

    Attributes:
        name: The keyword of the API, the CLI (``--weight-decay`` for ``weight_decay``), the
            URL and map axes, and its column in :class:`HyperParams`.
        symbol: LaTeX symbol as in the course.
        default: Value when not given (None: see ``none``). An optimizer may have its own
            default (see ``Optimizer.parameters``).
        range: The values the engine accepts.
        label: Widget and map-axis text, symbol first, e.g. ``"β₁ (Adam)"``.
        help: One line for help texts and tooltips.
        ui: The span a slider shows and a map starts from (None: no slider; a map takes a
            range from the run, see :func:`optiviz.optim.axes.default_range`).
        log: Whether sliders and map axes are logarithmic.
        none: What a default of None means, e.g. ``"no clipping"``.
    """

    name: str
    symbol: str
    default: float | None
    range: Range
    label: str
    help: str
    ui: Span | None = None
    log: bool = False
    none: str = ""

    @property
    def default_text(self) -> str:
        """The default as help texts say it: ``"0.9"``, ``"no clipping"``."""
        return self.none if self.default is None else number(self.default)

    @property
    def integer(self) -> bool:
        """Whether the values are whole numbers."""
        return self.range.integer

    def check(self, value: object) -> float | np.ndarray:
        """``value`` as a float (or a checked float64 array), or a ValueError naming it."""
        return self.range.check(self.name, value)


UNIT = Range(0.0, 1.0, high_open=True)
STEP_COUNT = Range(1.0, STEPS_CAP, integer=True)

LR = HyperParameter(
    "lr", r"\eta", 1e-2, Range(0.0, low_open=True), "η (learning rate)", "learning rate η",
    Span(1e-8, 10.0), log=True,
)  # fmt: skip
MOMENTUM = HyperParameter(
    "momentum", r"\lambda", 0.9, UNIT, "λ (momentum)", "momentum coefficient λ",
    Span(0.0, 0.99, 0.01),
)  # fmt: skip
ALPHA = HyperParameter(
    "alpha", r"\alpha", 0.99, UNIT, "α (RMSProp)", "RMSProp smoothing constant α",
    Span(0.5, 0.999, 0.001),
)  # fmt: skip
BETA1 = HyperParameter(
    "beta1", r"\beta_1", 0.9, UNIT, "β₁ (Adam)", "Adam first-moment decay β₁",
    Span(0.0, 0.99, 0.001),
)  # fmt: skip
BETA2 = HyperParameter(
    "beta2", r"\beta_2", 0.999, UNIT, "β₂ (Adam)", "Adam second-moment decay β₂",
    Span(0.9, 0.9999, 0.0001),
)  # fmt: skip
EPS = HyperParameter(
    "eps", r"\varepsilon", 1e-8, Range(0.0), "ε", "ε added to the denominator",
    Span(1e-10, 1.0), log=True,
)  # fmt: skip
WEIGHT_DECAY = HyperParameter(
    "weight_decay", r"\lambda_{wd}", 0.0, Range(0.0), "λ_wd (weight decay)", "weight decay λ_wd",
    Span(0.0, 1.0, 0.001),
)  # fmt: skip

NOISE = HyperParameter(
    "noise", r"\sigma", 0.0, Range(0.0), "σ (gradient noise)",
    "gradient noise std σ per sample (0: exact gradients)",
)  # fmt: skip
BATCH_SIZE = HyperParameter(
    "batch_size", "B", None, Range(1.0, integer=True), "B (batch size)",
    "batch size B: noise std σ/√B, and mini-batches on data surfaces", Span(1.0, 256.0),
    log=True, none="the full batch",
)  # fmt: skip
SEED = HyperParameter(
    "seed", "s", 0, Range(0.0, SEED_CAP, integer=True), "s (seed)",
    "seed of the noise and the mini-batches",
)  # fmt: skip
CLIP = HyperParameter(
    "clip", "c", None, Range(0.0, low_open=True), "c (clip ‖g‖)", "maximum gradient norm c",
    none="no clipping",
)  # fmt: skip

SCHEDULE_N = HyperParameter(
    "N", "N", 100, STEP_COUNT, "N (decay every N steps)", "step: steps between decays"
)
SCHEDULE_GAMMA = HyperParameter(
    "gamma", r"\gamma", None, Range(0.0, 1.0, low_open=True), "γ (decay factor)",
    "step, exp: decay factor γ", Span(0.1, 1.0, 0.01), none="0.5 for step, 0.99 for exp",
)  # fmt: skip
SCHEDULE_T = HyperParameter(
    "T", "T", None, STEP_COUNT, "T (cosine period)", "cosine: period in steps",
    none="the run's length",
)  # fmt: skip
SCHEDULE_FLOOR = HyperParameter(
    "floor", "f", 0.0, Range(0.0, 1.0), "f (cosine floor)",
    "cosine: the last η_t as a fraction f of η", Span(0.0, 1.0, 0.01),
)  # fmt: skip
WARMUP = HyperParameter(
    "warmup", "W", 0, Range(0.0, STEPS_CAP, integer=True), "W (warmup steps)",
    "steps of linear warmup before the schedule",
)  # fmt: skip

STEPS = HyperParameter(
    "steps", "T", 500, STEP_COUNT, "T (steps)", "number of steps", Span(1.0, 100_000.0), log=True
)
"""A run's length: a static argument of the compiled scan, not a column."""

OPTIMIZER_PARAMETERS = (LR, MOMENTUM, ALPHA, BETA1, BETA2, EPS, WEIGHT_DECAY)
"""The optimizers' coefficients; each optimizer takes η, weight decay and its own."""
RUN_PARAMETERS = (NOISE, BATCH_SIZE, SEED, CLIP)
"""What every run takes besides its optimizer's coefficients."""
SCHEDULE_KEYS = (SCHEDULE_N, SCHEDULE_GAMMA, SCHEDULE_T, SCHEDULE_FLOOR, WARMUP)
"""The keys of the learning-rate schedules (each kind takes some, see :mod:`.schedules`)."""
COLUMNS = (*OPTIMIZER_PARAMETERS, *RUN_PARAMETERS, *SCHEDULE_KEYS)
"""The columns of :class:`HyperParams`, in order."""
PARAMETERS = {p.name: p for p in (*COLUMNS, STEPS)}
"""Every entry by name."""


def get(name: str) -> HyperParameter:
    """The entry called ``name``; a ValueError suggests the closest name."""
    try:
        return PARAMETERS[name]
    except KeyError:
        raise ValueError(unknown_name("hyperparameter", name, PARAMETERS)) from None


HyperParams = NamedTuple("HyperParams", [(p.name, jax.Array) for p in COLUMNS])
HyperParams.__doc__ = """The traced numbers of one trajectory, a field per entry of
:data:`COLUMNS` (scalars inside the runner, columns of the (N, P) table outside).

``lr`` holds the base η outside an update and the scheduled η_t inside one; a run without
clipping has ``clip`` = ∞, one without mini-batches ``batch_size`` = 0."""
