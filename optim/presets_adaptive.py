r"""Presets of the adaptive-learning-rate and scheduling lectures."""

from __future__ import annotations

from .presets import preset
from .scene import Run
from .schedules import Schedule

ADAPTIVE = "5. Adaptive learning rate"
SCHEDULING = "6. Learning-rate scheduling"

VALLEY_START = (-8.0, 0.5)
VALLEY_FLOOR_START = (-8.0, -0.4)
DECAY = Schedule("exp", gamma=0.9995)
"""η_t = η·0.9995ᵗ: half of η after about 1,400 steps."""

preset(
    "valley-lr-too-large",
    "η = 10⁻²: bouncing between the walls",
    ADAPTIVE,
    r"On an elongated valley one fixed $\eta$ cannot fit both directions. With "
    r"$\eta = 10^{-2} = 2/\lambda_{max}$ the steep direction flips sign every step and never "
    r"settles: the loss stalls while the gradient stays large.",
    surface="valley",
    start=VALLEY_START,
    steps=1000,
    runs=[Run("gd", lr=1e-2)],
)
preset(
    "valley-lr-too-small",
    "η = 10⁻⁷: on the floor, still far away",
    ADAPTIVE,
    r"On a convex valley with steep walls, $\eta = 10^{-2}$ jumps from wall to wall and never "
    r"settles. With $\eta = 10^{-7}$ the bouncing stops and the run slides down to the valley "
    r"floor, but along the floor each step is $\eta\,\lambda_{min}\,u \approx 10^{-11}u$: "
    r"after 100,000 updates it is still far from the minimum.",
    surface="walled_valley",
    start=VALLEY_START,
    steps=100_000,
    runs=[Run("gd", lr=1e-2, label="η = 10⁻²"), Run("gd", lr=1e-7, label="η = 10⁻⁷")],
)
preset(
    "valley-adagrad",
    "AdaGrad: there, with a burst",
    ADAPTIVE,
    r"AdaGrad gives each parameter its own rate $\eta/\sigma_i^t$ with "
    r"$\sigma_i^t = \sqrt{\tfrac{1}{t+1}\sum_{k\le t}(g_i^k)^2}$. Walking the flat floor, the "
    r"steep direction's gradients stay tiny, $\sigma$ shrinks and $\eta/\sigma$ grows until a "
    r"small gradient throws the point sideways: a burst, then it settles again.",
    surface="valley",
    start=VALLEY_START,
    steps=3000,
    runs=[Run("adagrad", lr=0.1, convention="course")],
)
preset(
    "rmsprop-adapts",
    "RMSProp adapts along the path, AdaGrad lags",
    ADAPTIVE,
    r"Along $w_1$ a steep slope (10) ends on an almost flat floor (0.2): the rate "
    r"$\eta/\sigma_1$ must grow fiftyfold at the edge. RMSProp's "
    r"$\sigma_t^2 = \alpha\sigma_{t-1}^2 + (1-\alpha)g_t^2$ forgets the steep gradients "
    r"within about $1/(1-\alpha) = 10$ steps and speeds up along the floor; AdaGrad's "
    r"$\sigma$, a mean over all past gradients, keeps them and crawls.",
    surface="steep_flat",
    start=(2.0, 1.0),
    steps=400,
    runs=[
        Run("adagrad", lr=0.05, convention="course", label="AdaGrad"),
        Run("rmsprop", lr=0.05, convention="course", label="RMSProp, α = 0.9"),
    ],
)
preset(
    "optimizer-race",
    "All eight optimizers from one start",
    ADAPTIVE,
    r"Rosenbrock's curved valley: plain gradient descent crawls along the floor, momentum and "
    r"Adam ride it to the minimum at $(1, 1)$. The summary update "
    r"$\theta \leftarrow \theta - (\eta^t/\sigma^t)\,m^t$ covers them all.",
    surface="rosenbrock",
    start=(-1.5, 2.5),
    steps=1000,
    runs=[
        Run("gd", lr=1e-3),
        Run("momentum", lr=1e-3, hyperparameters={"momentum": 0.9}),
        Run("nesterov", lr=1e-3, hyperparameters={"momentum": 0.9}),
        Run("adagrad", lr=0.5),
        Run("rmsprop", lr=1e-2),
        Run("adam", lr=5e-2),
        Run("adamw", lr=5e-2),
        Run("radam", lr=3e-3),
    ],
)
preset(
    "valley-adagrad-decay",
    "AdaGrad with decay: no burst",
    SCHEDULING,
    r"Decay shrinks the rate as training goes on, here $\eta^t = \eta\,\gamma^t$ with the "
    r"burst's own $\eta = 0.1$ and $\gamma = 0.9995$. Along the floor $\sigma$ shrinks, but "
    r"$\eta^t$ shrinks too, and $\eta^t/\sigma^t$ stays below $2/\lambda_{max}$ of the steep "
    r"direction: the same start and $\eta$ reach the minimum without the burst.",
    surface="valley",
    start=VALLEY_START,
    steps=3000,
    runs=[
        Run("adagrad", lr=0.1, convention="course", label="AdaGrad, constant η"),
        Run("adagrad", lr=0.1, convention="course", schedule=DECAY, label="AdaGrad, decay"),
    ],
)
preset(
    "valley-warmup",
    "Warmup: small steps while σ has little data",
    SCHEDULING,
    r"Adam's $\sigma$ is a statistic of the gradients seen so far, unreliable after a few "
    r"steps. Without warmup the first steps jump up the valley wall; with warmup, $\eta^t$ "
    r"rises for 100 steps and then decays, and the run stays on the floor.",
    surface="valley",
    start=VALLEY_FLOOR_START,
    steps=1000,
    runs=[
        Run("adam", lr=0.3, schedule=Schedule("cosine"), label="Adam, cosine"),
        Run(
            "adam",
            lr=0.3,
            schedule=Schedule("cosine", warmup=100),
            label="Adam, warmup + cosine",
        ),
    ],
)
preset(
    "warmup-vs-radam",
    "Warmup or RAdam: the same taming",
    SCHEDULING,
    r"Adam's first steps divide by a $\sigma$ made of one or two gradients and jump up the "
    r"wall. Warmup keeps $\eta^t$ small for 100 steps; RAdam steps with momentum alone until "
    r"$\sigma$ is trustworthy ($\rho_t > 5$), then scales Adam's step by $r_t$, which rises "
    r"from about 0 like a warmup of its own.",
    surface="gentle_valley",
    start=VALLEY_FLOOR_START,
    steps=1000,
    runs=[
        Run("adam", lr=0.3, schedule=Schedule("cosine"), label="Adam, cosine"),
        Run(
            "adam",
            lr=0.3,
            schedule=Schedule("cosine", warmup=100),
            label="Adam, warmup + cosine",
        ),
        Run("radam", lr=0.3, schedule=Schedule("cosine"), label="RAdam, cosine"),
    ],
)
