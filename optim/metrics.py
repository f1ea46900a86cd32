r"""The catalogue of what a map measures of each run, each metric declared once.

For a run θ_0 … θ_T and the surface's known minima θ*_k:

* ``final-loss``: L(θ_T).
* ``distance``: min_k ‖θ_T − θ*_k‖.
* ``steps-to-tolerance``: the first step t with L(θ_s) ≤ min_k L(θ*_k) + tol for every
  s ≥ t: when the run settled, not when it first touched the band.
* ``diverged``: the step at which θ or L stopped being finite.

A cell without a value holds its metric's ``missing``: NaN for a loss or distance of a run
that diverged, -1 for a run that never settled or never diverged; ``missing_label`` says
which, for a map's legend.

Example:
    >>> metric = SWEEP_METRICS["steps-to-tolerance"]
    >>> metric.label, metric.missing, metric.missing_label
    ('steps to tolerance', -1, 'never settled')
"""

from __future__ import annotations

import math
from typing import NamedTuple


class Metric(NamedTuple):
    """What a sweep measures of each run.

    Attributes:
        name: Key in :data:`SWEEP_METRICS`, the CLI's ``--metric`` and the URL.
        label: Widget text, e.g. ``"distance to a minimum"``.
        title: What the values are, for a colour bar and help texts.
        symbol: The quantity as LaTeX.
        log: Whether a colour map should be logarithmic.
        missing: The value of a cell without one (NaN for losses and distances, -1 for steps).
        missing_label: What such a cell means, e.g. ``"never settled"``.
    """

    name: str
    label: str
    title: str
    symbol: str
    log: bool
    missing: float
    missing_label: str


SWEEP_METRICS = {
    metric.name: metric
    for metric in (
        Metric(
            "final-loss", "final loss", "final loss", r"L(\theta_T)", True, math.nan, "diverged"
        ),
        Metric(
            "distance",
            "distance to a minimum",
            "distance to the nearest minimum",
            r"\min_k \|\theta_T - \theta^*_k\|",
            True,
            math.nan,
            "diverged",
        ),
        Metric(
            "steps-to-tolerance",
            "steps to tolerance",
            "steps until the loss stays within the tolerance",
            r"\min\{t : L(\theta_s) \le L^* + \mathrm{tol}\ \forall s \ge t\}",
            False,
            -1,
            "never settled",
        ),
        Metric(
            "diverged",
            "divergence step",
            "step at which the run diverged",
            r"t_\mathrm{div}",
            False,
            -1,
            "stayed finite",
        ),
    )
}
"""Every metric by name, in menu order."""
