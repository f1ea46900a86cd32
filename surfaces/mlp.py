r"""A small multilayer perceptron in JAX, and its loss over one flat vector of weights.

The network maps x ∈ ℝᵈ through ``depth`` hidden layers of ``width`` units to one output:

    h⁰ = x,   hˡ = a(Wˡ hˡ⁻¹ + bˡ) for l = 1 … depth,   f(x) = w·h^depth + b,

with a = tanh or ReLU. Each weight matrix Wˡ has shape (out, in) as in ``torch.nn.Linear``,
so its rows are the *filters* of Li et al. (2018): the weights into one unit. Weights and
biases start as PyTorch's default, U(−1/√fan_in, 1/√fan_in), drawn with a seeded JAX key.

On two classes the loss is the cross-entropy of σ(f(x)) (written as
ℓ = softplus(f) − t·f, finite for any f); on a regression, the squared error (f(x) − y)².
:class:`Network` ravels the layers into one vector θ ∈ ℝᴰ (``jax.flatten_util``) so that the
optimizers and the trajectory runner, written for vectors, train it as they move a point
on a 2-D surface.

Example:
    >>> from optiviz.surfaces import toy_data
    >>> net = network(MLP(width=16, depth=2), toy_data.dataset("moons"), seed=0)
    >>> net.size, net.start.shape
    (337, (337,))
    >>> round(float(net.loss(net.start)), 2)  # cross-entropy near ln 2: no idea yet
    0.75
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
from jax.flatten_util import ravel_pytree

from .data import mean_loss, mini_batch
from .registry import unknown_name
from .surface import BatchLoss, Loss
from .toy_data import CLASSIFICATION, Dataset

Layers = list[tuple[jax.Array, jax.Array]]
"""[(W¹, b¹), …, (W^out, b^out)], W of shape (out, in)."""

ACTIVATIONS: dict[str, Callable[[jax.Array], jax.Array]] = {"tanh": jnp.tanh, "relu": jax.nn.relu}
MAX_WIDTH, MAX_DEPTH = 256, 8
STEP_COST = 0.05
"""A training step of a network, in plain steps (one update of a 2-D run) per data point
and weight: ``benchmarks/network.py`` measured about 3,200 for 337 weights on 200 points."""


class MLP(NamedTuple):
    """The architecture: ``depth`` hidden layers of ``width`` units, one output.

    Attributes:
        width: Units per hidden layer, 1 … 256.
        depth: Hidden layers, 1 … 8.
        activation: ``"tanh"`` or ``"relu"``.
    """

    width: int = 16
    depth: int = 2
    activation: str = "tanh"

    def checked(self) -> MLP:
        """This architecture, or a ValueError naming what is out of range."""
        for name, value, top in (
            ("width", self.width, MAX_WIDTH),
            ("depth", self.depth, MAX_DEPTH),
        ):
            if isinstance(value, bool) or int(value) != value or not 1 <= value <= top:
                raise ValueError(f"{name} must be a whole number in [1, {top}], got {value!r}")
        if self.activation not in ACTIVATIONS:
            raise ValueError(unknown_name("activation", self.activation, ACTIVATIONS))
        return MLP(int(self.width), int(self.depth), self.activation)

    def sizes(self, inputs: int) -> list[int]:
        """Units per layer, input to output: e.g. [2, 16, 16, 1]."""
        return [inputs, *[self.width] * self.depth, 1]

    def size(self, inputs: int) -> int:
        """D, the number of weights and biases: Σ (fan_in + 1) · fan_out.

        Example:
            >>> MLP(width=16, depth=2).size(inputs=2)
            337
        """
        return sum((a + 1) * b for a, b in itertools.pairwise(self.sizes(inputs)))

    def init(self, key: jax.Array, inputs: int) -> Layers:
        """PyTorch's default initialisation: W, b ~ U(−1/√fan_in, 1/√fan_in)."""
        sizes = self.sizes(inputs)
        keys = jax.random.split(key, len(sizes) - 1)
        layers = []
        for k, (fan_in, fan_out) in zip(keys, itertools.pairwise(sizes), strict=True):
            bound = 1 / np.sqrt(fan_in)
            w_key, b_key = jax.random.split(k)
            w = jax.random.uniform(w_key, (fan_out, fan_in), jnp.float64, -bound, bound)
            b = jax.random.uniform(b_key, (fan_out,), jnp.float64, -bound, bound)
            layers.append((w, b))
        return layers

    def apply(self, layers: Layers, x: jax.Array) -> jax.Array:
        """f(x) for inputs x of shape (N, d): the output (a logit, or the prediction), (N,)."""
        activation = ACTIVATIONS[self.activation]
        h = x
        for w, b in layers[:-1]:
            h = activation(h @ w.T + b)
        w, b = layers[-1]
        return (h @ w.T + b)[:, 0]


@dataclasses.dataclass(frozen=True, eq=False)
class Network:
    """An MLP on a data set: the loss L(θ) over the flattened weights θ ∈ ℝᴰ.

    It has what the trajectory runner asks of a loss (``loss``, ``batch_loss``, ``start``),
    so ``optim.run(network, "adam", ...)`` trains it. Networks compare and hash by
    identity, so the runner compiles once per network.

    Attributes:
        model: The architecture.
        data: The training data.
        seed: Seed of the initial weights.
        start: θ₀, the initial weights flattened, shape (D,).
        unravel: θ → the layers [(W, b), …].
        loss: L(θ) = 1/N Σₙ ℓ(θ; xₙ, yₙ).
        batch_loss: The loss on a mini-batch (see :func:`~.data.mini_batch`).
    """

    model: MLP
    data: Dataset
    seed: int
    start: np.ndarray
    unravel: Callable[[jax.Array], Layers]
    loss: Loss
    batch_loss: BatchLoss

    @property
    def size(self) -> int:
        """D, the number of weights and biases."""
        return len(self.start)

    @property
    def step_cost(self) -> float:
        """One training step in plain steps, for work budgets (see :data:`STEP_COST`)."""
        return STEP_COST * len(self.data.y) * self.size

    def output(self, theta: jax.Array, x: jax.Array) -> jax.Array:
        """f(x) of the network with weights θ, for inputs of shape (N, d)."""
        return self.model.apply(self.unravel(theta), x)

    def predict(self, theta: jax.Array, x: jax.Array) -> jax.Array:
        """What the network says about x: P(class 1) = σ(f(x)), or f(x) on a regression."""
        f = self.output(theta, x)
        return jax.nn.sigmoid(f) if self.data.task == CLASSIFICATION else f

    def initial(self, seed: int) -> np.ndarray:
        """θ₀ drawn with another ``seed``, flattened like :attr:`start`."""
        return _flat(self.model.init(jax.random.key(seed), self.data.x.shape[1]))

    def __repr__(self) -> str:
        m = self.model
        return f"Network({m.width}×{m.depth} {m.activation} on {self.data.name}, D={self.size})"


def network(model: MLP, data: Dataset, seed: int = 0) -> Network:
    """``model`` on ``data`` with weights initialised from ``seed``."""
    model = model.checked()
    layers = model.init(jax.random.key(seed), data.x.shape[1])
    start, unravel = ravel_pytree(layers)

    def point_loss(theta: jax.Array, x: jax.Array, y: jax.Array) -> jax.Array:
        f = model.apply(unravel(theta), x)
        if data.task == CLASSIFICATION:
            return jax.nn.softplus(f) - y * f
        return (f - y) ** 2

    return Network(
        model=model,
        data=data,
        seed=seed,
        start=np.asarray(start),
        unravel=unravel,
        loss=mean_loss(point_loss, data.x, data.y),
        batch_loss=mini_batch(point_loss, data.x, data.y),
    )


def _flat(layers: Layers) -> np.ndarray:
    return np.asarray(ravel_pytree(layers)[0])
