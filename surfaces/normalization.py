r"""Feature normalization: one regression, two coordinate systems, two error surfaces.

The regression data of ``data`` with its input recorded in other units, x = 3·x_data
(mean m ≈ 8.3, standard deviation σ ≈ 3.5), fitted by y = b + w·x. The Hessian of the mean
squared error, H = 2 [[E x², E x], [E x, 1]], has eigenvalues ≈ 164 and ≈ 0.29: a long,
narrow valley where one learning rate cannot suit both directions.

Standardizing the feature, x̃ = (x − m)/σ, and fitting y = b̃ + w̃·x̃ makes E x̃ = 0 and
E x̃² = 1, so H = 2I: a round bowl. It is the same family of lines (w̃ = σw, b̃ = b + m·w),
in coordinates (w̃, b̃) of its own.
"""

from __future__ import annotations

from . import data
from .data import least_squares, line, mean_loss, mini_batch, squared_error
from .dataset import Dataset
from .surface import Point, Surface, register

X_RAW = 3.0 * data.X
"""The raw feature: the regression's x in units three times smaller."""
MEAN, STD = float(X_RAW.mean()), float(X_RAW.std())
X_NORMALIZED = (X_RAW - MEAN) / STD
"""The standardized feature x̃ = (x − m)/σ: mean 0, variance 1."""

START = (1.5, -4.0)
"""The raw surface's start: y = −4 + 1.5x, a line far too steep."""


def normalized(point: Point) -> Point:
    """The line y = b + w·x of the raw surface in standardized coordinates (w̃, b̃)."""
    w, b = point
    return (STD * w, b + MEAN * w)


register(
    Surface(
        name="regression_unscaled",
        title="Regression, raw feature",
        formula=r"L(w, b) = \frac{1}{N}\sum_{n=1}^{N}\big(y_n - (b + w x_n)\big)^2",
        loss=mean_loss(squared_error, X_RAW, data.Y),
        batch_loss=mini_batch(squared_error, X_RAW, data.Y),
        dataset=Dataset(X_RAW, data.Y, line),
        bounds=(-1.0, 2.0, -6.0, 7.0),
        minima=(least_squares(X_RAW, data.Y),),
        start=START,
        description="regression on a feature with mean 8.3 and std 3.5: an elongated valley",
        labels=("w", "b"),
        log_scale=True,
    )
)
register(
    Surface(
        name="regression_normalized",
        title="Regression, standardized feature",
        formula=r"L(\tilde w, \tilde b) = \frac{1}{N}\sum_{n=1}^{N}"
        r"\big(y_n - (\tilde b + \tilde w \tilde x_n)\big)^2,\quad"
        r" \tilde x_n = \frac{x_n - m}{\sigma}",
        loss=mean_loss(squared_error, X_NORMALIZED, data.Y),
        batch_loss=mini_batch(squared_error, X_NORMALIZED, data.Y),
        dataset=Dataset(X_NORMALIZED, data.Y, line, labels=(r"\tilde x", "y")),
        bounds=(-5.0, 8.0, -3.0, 10.0),
        minima=(least_squares(X_NORMALIZED, data.Y),),
        start=normalized(START),
        description="the same regression with (x − m)/σ: a round bowl",
        labels=(r"\tilde w", r"\tilde b"),
        log_scale=True,
    )
)
