r"""Presets of the first lectures: the error surface, critical points, batch size, momentum."""

from __future__ import annotations

from .presets import preset
from .scene import Run
from .schedules import Schedule

ERROR_SURFACE = "1. The error surface and gradient descent"
CRITICAL_POINTS = "2. Critical points"
BATCH_SIZE = "3. Batch size"
MOMENTUM = "4. Momentum"

REGRESSION_START = (-0.5, -2.5)
"""The line y = −2.5 − 0.5x: falling where the data rise, far below them."""

preset(
    "error-surface",
    "The error surface: a line over the data",
    ERROR_SURFACE,
    r"The model $y = b + wx$ has a mean squared error over the 20 points, "
    r"$L(w, b) = \frac1N\sum_n \big(y_n - (b + w x_n)\big)^2$, for every $(w, b)$: the error "
    r"surface, on which each point is a line over the data. Gradient descent "
    r"$\theta \leftarrow \theta - \eta \nabla L(\theta)$ moves the point downhill and the line "
    r"onto the data, until it is the least-squares fit.",
    surface="regression",
    start=REGRESSION_START,
    steps=1000,
    runs=[Run("gd", lr=0.02, label="gradient descent, η = 0.02")],
)
preset(
    "saddle-stuck",
    "Stuck at a saddle point",
    CRITICAL_POINTS,
    r"On $L = (1 - w_1 w_2)^2$ gradient descent from $(0.8, -0.8)$ slides into the saddle at "
    r"the origin, where $g = 0$, and stays: training stalls although a way down exists. A "
    r"noisy gradient (a small batch) is not stuck and escapes to the minima $w_1 w_2 = 1$.",
    surface="saddle",
    start=(0.8, -0.8),
    steps=300,
    runs=[
        Run("gd", lr=0.05, label="GD, exact gradient"),
        Run("gd", lr=0.05, noise=0.1, seed=0, label="GD, noisy gradient"),
    ],
)
preset(
    "saddle-hessian-escape",
    "The Hessian shows the way out",
    CRITICAL_POINTS,
    r"At the origin $g = 0$ and $H = \begin{pmatrix}0&-2\\-2&0\end{pmatrix}$ with "
    r"$\lambda = \pm 2$: a saddle. Along $u = (1, 1)$, the eigenvector of $\lambda = -2$, "
    r"$L(\theta' + u) \approx L(\theta') + \tfrac12\lambda\|u\|^2$ (second order) falls; a "
    r"step along the other eigenvector slides back.",
    surface="saddle",
    start=(0.05, 0.05),
    steps=300,
    runs=[
        Run("gd", lr=0.05, label="start along u (λ = −2)"),
        Run("gd", lr=0.05, start=(0.05, -0.05), label="start along λ = +2"),
    ],
)
preset(
    "regression-batches",
    "Full batch, mini-batch, one point: epochs",
    BATCH_SIZE,
    r"An epoch sees each of the 20 points once, in an order reshuffled every epoch, $B$ at a "
    r"time. The full batch takes one exact step an epoch and its loss falls smoothly; with "
    r"$B = 1$ each of an epoch's 20 steps follows the surface of one point, $L^1, L^2, \dots$, "
    r"and the loss jitters around the minimum.",
    surface="regression",
    start=REGRESSION_START,
    steps=400,
    runs=[
        Run("gd", lr=0.03, label="full batch (B = 20)"),
        Run("gd", lr=0.03, batch_size=5, seed=0, label="mini-batch (B = 5)"),
        Run("gd", lr=0.03, batch_size=1, seed=0, label="one point (B = 1)"),
    ],
)
preset(
    "flat-vs-sharp-batch",
    "Small batch ends flat, large batch sharp",
    BATCH_SIZE,
    r"Both runs start in the sharp minimum: the small batch's noisy gradient "
    r"($\sigma/\sqrt{B}$ with $B = 1$) shakes it out into the flat one, the large batch "
    r"($B = 64$) stays. On the shifted test surface the flat minimum's loss barely changes, "
    r"the sharp one's rises a lot. Many believe this is why small batches generalize better, "
    r"though the explanation is not settled.",
    surface="flat_sharp",
    start=(0.45, -0.25),
    steps=2000,
    runs=[
        Run(
            "gd",
            lr=0.04,
            schedule=Schedule("cosine"),
            noise=2.5,
            batch_size=1,
            seed=1,
            label="small batch (B = 1)",
        ),
        Run(
            "gd",
            lr=0.04,
            schedule=Schedule("cosine"),
            noise=2.5,
            batch_size=64,
            seed=0,
            label="large batch (B = 64)",
        ),
    ],
)
preset(
    "local-min-momentum",
    "Momentum rolls over a small hill",
    MOMENTUM,
    r"Gradient descent stops in the first, shallow minimum. Momentum "
    r"$m \leftarrow \lambda m - \eta g,\ \theta \leftarrow \theta + m$ keeps the speed it "
    r"gathered downhill, rolls over the small hill and settles in the deeper minimum.",
    surface="local_min",
    start=(2.3, 1.0),
    steps=500,
    runs=[
        Run("gd", lr=0.01, label="GD"),
        Run("momentum", lr=0.01, hyperparameters={"momentum": 0.9}, convention="course"),
    ],
)
preset(
    "momentum-through-saddle",
    "Momentum passes where the gradient is zero",
    MOMENTUM,
    r"At the origin $g = 0$, yet the loss still falls ahead: a flat shelf, no minimum "
    r"($H = \mathrm{diag}(0, 2)$). Gradient descent's steps $\eta g$ vanish with $g$ and it "
    r"crawls to a stop on the shelf; momentum $m \leftarrow \lambda m - \eta g$ keeps the "
    r"speed it gathered on the way down, passes and reaches the minimum at $w_1 = -1.5$.",
    surface="shelf",
    start=(2.0, 1.0),
    steps=500,
    runs=[
        Run("gd", lr=0.05, label="GD"),
        Run(
            "momentum",
            lr=0.05,
            hyperparameters={"momentum": 0.9},
            convention="course",
            label="momentum, λ = 0.9",
        ),
    ],
)
