"""RAdam against ``torch.optim.RAdam`` itself, and against optax's ``radam`` where they agree.

Each run is 200 steps on three surfaces from starts where RAdam's first, un-adapted steps
(plain momentum with η) stay finite, compared position by position to 1e-10.
"""

import jax
import jax.numpy as jnp
import numpy as np
import optax
import pytest
import torch
from test_optimizers_oracle import STEPS, assert_same, optax_positions

from optiviz import optim, surfaces
from optiviz.optim import radam

CASES = [
    ("rosenbrock", (-0.5, 1.0), 1e-3),
    ("beale", (1.0, 1.2), 1e-2),
    ("himmelblau", (0.5, -0.5), 1e-2),
]


def torch_positions(surface, start, steps=STEPS, **kwargs):
    """θ_0 … θ_T from ``torch.optim.RAdam`` fed the surface's own gradients."""
    grad = jax.jit(surfaces.get(surface).grad)
    theta = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    optimizer = torch.optim.RAdam([theta], **kwargs)
    positions = [theta.detach().numpy().copy()]
    for _ in range(steps):
        theta.grad = torch.tensor(np.asarray(grad(jnp.asarray(theta.detach().numpy()))))
        optimizer.step()
        positions.append(theta.detach().numpy().copy())
    return np.array(positions)


@pytest.mark.parametrize(("surface", "start", "lr"), CASES)
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        ({}, {}),
        ({"beta1": 0.8, "beta2": 0.99, "eps": 1e-6}, {"betas": (0.8, 0.99), "eps": 1e-6}),
        ({"weight_decay": 0.1}, {"weight_decay": 0.1}),
    ],
)
def test_radam_matches_torch(surface, start, lr, ours, theirs):
    positions = optim.run(surface, "radam", start=start, steps=STEPS, lr=lr, **ours).positions
    reference = torch_positions(surface, start, lr=lr, **theirs)
    assert np.abs(positions[-1] - positions[0]).max() > 1e-2, "the run goes somewhere"
    assert_same(positions, reference)


@pytest.mark.parametrize(("surface", "start", "lr"), CASES)
def test_radam_matches_optax_without_eps(surface, start, lr):
    """optax adds ε to √v̂ and PyTorch to √v; with ε = 0 they are the same update."""
    ours = optim.run(surface, "radam", start=start, steps=STEPS, lr=lr, eps=0.0).positions
    assert_same(ours, optax_positions(surface, optax.radam(lr, eps=0.0), start))


def test_radam_steps_with_momentum_alone_until_sigma_is_trusted():
    """ρ_t ≤ 5 for the first five steps at β₂ = 0.999: there η/σ = η, then r_t rises from
    about 0.02 and stays below 1."""
    t = optim.run("himmelblau", "radam", start=(0.5, -0.5), steps=STEPS, lr=1e-2)
    steps = np.arange(STEPS)
    rho = np.asarray(radam.rho(jnp.asarray(steps), 0.999 ** (steps + 1.0), 0.999))
    assert (rho <= radam.RHO_THRESHOLD).sum() == 5 and np.all(rho[:5] <= radam.RHO_THRESHOLD)
    np.testing.assert_array_equal(t.effective_lr[:5], 1e-2)
    r = np.asarray(radam.rectification(jnp.asarray(rho[5:]), 0.999))
    assert 0.0 < r[0] < 0.05 and np.all(np.diff(r) > 0) and r[-1] < 1
