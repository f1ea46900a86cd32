r"""The lecture presets: named scenes that reproduce the course's figures.

Each preset is data: a :class:`~optiviz.optim.scene.Scene` with a title and a caption that
says what to see, in one to three sentences, math in ``$…$``. Every preset's claim is pinned
by a test in ``tests/test_presets.py``.
"""

from __future__ import annotations

from typing import NamedTuple

from optiviz.surfaces import normalization
from optiviz.surfaces.registry import Registry

from .scene import Run, Scene
from .schedules import Schedule


class Preset(NamedTuple):
    """A named lecture scene.

    Attributes:
        name: e.g. ``"valley-adagrad"``.
        title: Short title.
        caption: What the scene shows, with the course's equations in ``$…$``.
        lecture: The course section it belongs to.
        scene: The surface, start, steps and runs.
    """

    name: str
    title: str
    caption: str
    lecture: str
    scene: Scene


REGISTRY: Registry[Preset] = Registry("preset")


def preset(
    name: str,
    title: str,
    lecture: str,
    caption: str,
    *,
    surface: str,
    start: tuple[float, float],
    steps: int,
    runs: list[Run],
) -> None:
    """Registers a preset."""
    scene = Scene(surface, start, steps, tuple(runs))
    REGISTRY.register(name, Preset(name, title, caption, lecture, scene))


def get(name: str) -> Preset:
    """The preset called ``name``; a ValueError suggests the closest name."""
    return REGISTRY.get(name)


def names() -> list[str]:
    """All preset names, in the course's order."""
    return REGISTRY.names()


VALLEY_START = (-8.0, 0.5)
VALLEY_FLOOR_START = (-8.0, -0.4)

preset(
    "valley-lr-too-large",
    "η = 10⁻²: bouncing between the walls",
    "5. Adaptive learning rate",
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
    "η = 10⁻⁷: 100,000 steps and still far away",
    "5. Adaptive learning rate",
    r"With $\eta = 10^{-7}$ the bouncing stops and the loss falls, but along the flat floor "
    r"each step is $\eta\,\lambda_{min}\,u \approx 10^{-9}u$: after 100,000 updates the point has "
    r"hardly moved towards the minimum.",
    surface="valley",
    start=VALLEY_START,
    steps=100_000,
    runs=[Run("gd", lr=1e-7)],
)
preset(
    "valley-adagrad",
    "AdaGrad: there, with a burst",
    "5. Adaptive learning rate",
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
    "valley-adagrad-decay",
    "AdaGrad with decay: no burst",
    "6. Learning-rate scheduling",
    r"Learning-rate decay $\eta^t = \eta/\sqrt{t+1}$ shrinks the rate as fast as $\sigma$ "
    r"shrinks, so $\eta^t/\sigma^t$ stays bounded: the same walk along the floor without the "
    r"burst.",
    surface="valley",
    start=VALLEY_START,
    steps=3000,
    runs=[Run("adagrad", lr=1.0, convention="course", schedule=Schedule("invsqrt"))],
)
preset(
    "valley-warmup",
    "Warmup: small steps while σ has little data",
    "6. Learning-rate scheduling",
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
    "saddle-stuck",
    "Stuck at a saddle point",
    "2. Critical points",
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
    "2. Critical points",
    r"At the origin $g = 0$ and $H = \begin{pmatrix}0&-2\\-2&0\end{pmatrix}$ with "
    r"$\lambda = \pm 2$: a saddle. Along $u = (1, 1)$, the eigenvector of $\lambda = -2$, "
    r"$L(\theta' + u) = L(\theta') + \tfrac12\lambda\|u\|^2$ falls; a step along the other "
    r"eigenvector slides back.",
    surface="saddle",
    start=(0.05, 0.05),
    steps=300,
    runs=[
        Run("gd", lr=0.05, label="start along u (λ = −2)"),
        Run("gd", lr=0.05, start=(0.05, -0.05), label="start along λ = +2"),
    ],
)
preset(
    "local-min-momentum",
    "Momentum rolls over a small hill",
    "4. Momentum",
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
    "flat-vs-sharp-batch",
    "Small batches find flat minima",
    "3. Batch size",
    r"Both runs start in the sharp minimum. The small batch's noisy gradient "
    r"($\sigma/\sqrt{B}$ with $B = 1$) shakes it out and it settles in the flat one; the large "
    r"batch ($B = 64$) stays. On the shifted test surface the flat minimum's loss barely "
    r"changes, the sharp one's rises a lot.",
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
    "optimizer-race",
    "All seven optimizers from one start",
    "5. Adaptive learning rate",
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
    ],
)
preset(
    "classification-mse-vs-ce",
    "Cross-entropy keeps its slope where MSE is flat",
    "7. Changing the landscape itself",
    r"The same sigmoid classifier $\sigma(wx + b)$, start and $\eta$ on two losses. Far from "
    r"the solution the sigmoid saturates, every term of the MSE gradient carries "
    r"$\sigma(z)\,(1 - \sigma(z)) \approx 0$ and gradient descent stalls on a plateau; the "
    r"cross-entropy gradient $\frac1N\sum_n (\sigma(z_n) - t_n)\,(x_n, 1)$ keeps its size and "
    r"reaches the minimum.",
    surface="classification_mse",
    start=(-2.0, 8.0),
    steps=300,
    runs=[
        Run("gd", lr=1.0, label="mean squared error"),
        Run("gd", lr=1.0, surface="classification_ce", label="cross-entropy"),
    ],
)
preset(
    "feature-normalization",
    "Feature normalization: from a valley to a bowl",
    "7. Changing the landscape itself",
    r"With a raw feature of mean $m \approx 8.3$ and spread $\sigma \approx 3.5$ the surface "
    r"is a narrow valley ($\lambda_{max}/\lambda_{min} \approx 560$): the largest stable "
    r"$\eta$ crawls along it, some 2,300 steps to the minimum. Standardized, "
    r"$\tilde x = (x - m)/\sigma$, it is a round bowl ($H = 2I$) where gradient descent at "
    r"its largest stable $\eta$ gets there in about 40.",
    surface="regression_unscaled",
    start=normalization.START,
    steps=2500,
    runs=[
        Run("gd", lr=0.011, label="raw x, η = 0.011"),
        Run(
            "gd",
            lr=0.9,
            surface="regression_normalized",
            start=normalization.normalized(normalization.START),
            label="standardized x̃, η = 0.9",
        ),
    ],
)

from . import presets_network  # noqa: E402, F401  (registers the network presets)
