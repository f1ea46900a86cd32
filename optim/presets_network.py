r"""Presets of a real network: its loss on planes through its weights, and where it stalls.

Both scenes run on planes through a small MLP's weights (see :mod:`.landscape`): a run
there trains the whole network and is drawn projected, its distance off the plane in the
distance plot. The claims of both captions are pinned by ``tests/engine/test_presets_network.py``.
"""

from __future__ import annotations

from .landscape import STALLED
from .minimum_ratio import DEFAULTS
from .presets import preset
from .scene import Run

PCA_START = (-14.29, -1.378)
"""The PCA plane's anchor, where runs start from the network's initial weights (a run with
no start of its own starts where the scene's first surface does)."""

preset(
    "mlp-landscape",
    "A real network's loss, on two planes",
    "1. The error surface and gradient descent",
    r"Two planes through the weights $\theta^*$ Adam reaches on a 337-weight network, "
    r"$L(\theta^* + \alpha d_1 + \beta d_2)$, with the training paths of SGD and Adam "
    r"projected onto them. Along filter-normalized random directions (Li et al.) both paths "
    r"are specks near the centre: in 337 dimensions random directions are nearly orthogonal to "
    r"them, and almost all of each path lies off the plane (the distance plot). The first two "
    r"principal directions of Adam's path keep 99 % of its variance and show it whole, while "
    r"SGD finds other weights and leaves that plane.",
    surface="mlp_random",
    start=None,
    steps=1000,
    runs=[
        Run("gd", lr=0.5, batch_size=20, label="SGD, B = 20"),
        Run("adam", lr=0.01, label="Adam"),
        Run("gd", lr=0.5, batch_size=20, label="SGD, B = 20", surface="mlp_pca", start=PCA_START),
        Run("adam", lr=0.01, label="Adam", surface="mlp_pca", start=PCA_START),
    ],
)

preset(
    "minimum-ratio",
    "Where training stalls: saddles, not minima",
    "2. Critical points",
    r"Thirty 193-weight networks trained by gradient descent until $\|g\| < 2\cdot10^{-3}$: "
    r"at the 25 points reached, only 54 to 59 % of the Hessian's eigenvalues are positive "
    r"(the minimum ratio; 1 at a local minimum), and each has 34 to 41 clearly negative "
    r"ones, a way down. They are saddles or near-saddles; this plane follows the first run to "
    r"where it stalled.",
    surface="mlp_curve_pca",
    start=None,
    steps=STALLED.steps,
    runs=[Run("gd", lr=DEFAULTS.lr, label="gradient descent")],
)
