r"""Presets of the last lecture: a loss and features that change the landscape itself."""

from __future__ import annotations

from optiviz.surfaces import normalization

from .presets import preset
from .scene import Run

LANDSCAPE = "7. Changing the landscape itself"

preset(
    "classification-mse-vs-ce",
    "Cross-entropy keeps its slope where MSE is flat",
    LANDSCAPE,
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
    "softmax-mse-vs-ce",
    "Softmax: MSE is flat where cross-entropy is not",
    LANDSCAPE,
    r"Three classes: the outputs $y$ become $p = \mathrm{softmax}(y)$, compared with the "
    r"one-hot $\hat y = (1, 0, 0)$; with $y_3$ held at $-1000$, $p_1 = \sigma(y_1 - y_2)$, "
    r"for two classes softmax is the sigmoid. Where the output is confidently wrong, MSE "
    r"$\sum_i (\hat y_i - p_i)^2$ is flat and gradient descent stalls, while cross-entropy "
    r"$-\ln p_1$ keeps a slope and moves on towards $y_1 \gg y_2$.",
    surface="softmax_mse",
    start=(-4.0, 6.0),
    steps=200,
    runs=[
        Run("gd", lr=1.0, label="mean squared error"),
        Run("gd", lr=1.0, surface="softmax_ce", label="cross-entropy"),
    ],
)
preset(
    "mse-with-adam",
    "With Adam, even MSE gets off the plateau",
    LANDSCAPE,
    r"On the sigmoid classifier's MSE plateau the gradient is tiny, but not zero. Gradient "
    r"descent's steps $\eta g$ are as tiny and it stalls; Adam divides $g$ by $\sigma$, a "
    r"measure of that same tiny size, so its steps are about $\eta$ whatever the slope, and "
    r"it walks off the plateau to the minimum.",
    surface="classification_mse",
    start=(-2.0, 8.0),
    steps=500,
    runs=[
        Run("gd", lr=1.0, label="GD, η = 1"),
        Run("adam", lr=0.1, label="Adam, η = 0.1"),
    ],
)
preset(
    "feature-normalization",
    "Feature normalization: from a valley to a bowl",
    LANDSCAPE,
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
preset(
    "batch-normalization",
    "Batch normalization: a rounder valley, some noise",
    LANDSCAPE,
    r"Batch normalization standardizes the feature with each mini-batch's own mean and "
    r"deviation, $\hat x = (x - \mu_{\mathcal{B}})/\sigma_{\mathcal{B}}$, and learns $\gamma$ "
    r"and $\beta$ of $\hat y = \beta + \gamma \hat x$: the raw feature's narrow valley becomes "
    r"a round bowl. But the statistics, and with them the surface a step sees, change from "
    r"batch to batch, which adds noise; at test time their running averages stand in.",
    surface="regression_unscaled",
    start=normalization.START,
    steps=600,
    runs=[
        Run("gd", lr=0.005, batch_size=4, seed=0, label="raw x, B = 4"),
        Run(
            "gd",
            lr=0.1,
            batch_size=4,
            seed=0,
            surface="regression_batchnorm",
            start=normalization.normalized(normalization.START),
            label="batch norm, B = 4",
        ),
    ],
)
