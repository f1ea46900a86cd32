r"""Two directions through a network's weights, as Li et al. choose them.

Li, Xu, Taylor, Studer and Goldstein, "Visualizing the Loss Landscape of Neural Nets"
(NeurIPS 2018) draw L(θ* + α d₁ + β d₂) around trained weights θ* along two directions:

* **Filter-normalized random directions.** d is Gaussian, then each *filter* of d (the
  weights into one unit: a row of a weight matrix) is rescaled to the norm of the same
  filter of θ*: d_{l,k} ← d_{l,k} · ‖θ*_{l,k}‖ / ‖d_{l,k}‖. A step α = 1 then changes every
  unit by as much as its own weights, whatever the scale of its layer, so planes of
  different networks compare. Biases get no direction (their ``ignore="biasbn"``).
* **Principal directions of the training path.** The first two principal components of
  the matrix whose rows are θ_t − θ* along the path θ₀ … θ_T (centred, as scikit-learn's
  PCA centres it): the orthonormal pair whose plane keeps the largest share of the path's
  variance, that share reported per component.

Example:
    >>> import numpy as np
    >>> path = np.array([[0.0, 0.0, 0.0], [2.0, 1.0, 0.0], [4.0, 2.0, 0.1], [6.0, 3.0, 0.0]])
    >>> pca = principal_directions(path, origin=path[-1])
    >>> np.round(pca.vectors @ pca.vectors.T, 12).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    >>> round(float(pca.explained[0]), 4)
    0.9997
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import jax
import numpy as np
from jax.flatten_util import ravel_pytree

FILTER_EPS = 1e-10
"""Added to ‖d_{l,k}‖ when rescaling, as in the reference code."""


def filter_normalized(
    theta: np.ndarray, unravel: Callable[[jax.Array], Any], key: jax.Array
) -> np.ndarray:
    """A random direction d with each filter as long as the same filter of θ.

    Args:
        theta: The weights θ*, flattened, shape (D,).
        unravel: Flat vector → the network's parameter tree; leaves with two or more axes
            are weight arrays whose slices along the first axis are filters, the others
            (biases) get 0.
        key: JAX random key of the Gaussian draw.

    Returns:
        d, flattened like ``theta``.
    """
    weights = unravel(theta)
    leaves, tree = jax.tree_util.tree_flatten(weights)
    keys = jax.random.split(key, len(leaves))
    directions = []
    for leaf, k in zip(leaves, keys, strict=True):
        leaf = np.asarray(leaf)
        if leaf.ndim < 2:
            directions.append(np.zeros_like(leaf))
            continue
        d = np.asarray(jax.random.normal(k, leaf.shape, leaf.dtype))
        axes = tuple(range(1, leaf.ndim))
        scale = np.linalg.norm(leaf, axis=axes, keepdims=True) / (
            np.linalg.norm(d, axis=axes, keepdims=True) + FILTER_EPS
        )
        directions.append(d * scale)
    return np.asarray(ravel_pytree(jax.tree_util.tree_unflatten(tree, directions))[0])


class Principal(NamedTuple):
    """The first two principal directions of a path.

    Attributes:
        vectors: e₁, e₂ as rows, shape (2, D): orthonormal, e₁ along the most variance.
            Each is oriented so that the path's first point lies on its negative side.
        explained: The share of the path's variance along e₁ and e₂ (each in [0, 1]).
    """

    vectors: np.ndarray
    explained: np.ndarray


def principal_directions(path: np.ndarray, origin: np.ndarray) -> Principal:
    """PCA of the rows θ_t − θ* of ``path`` (shape (T+1, D)), about ``origin`` θ*.

    Raises:
        ValueError: When the path spans fewer than two directions.
    """
    offsets = np.asarray(path, dtype=np.float64) - origin
    centred = offsets - offsets.mean(axis=0)
    _, singular, vt = np.linalg.svd(centred, full_matrices=False)
    variance = singular**2
    rank_tolerance = singular[0] * max(centred.shape) * np.finfo(np.float64).eps
    if len(singular) < 2 or singular[1] <= rank_tolerance:
        raise ValueError("the path spans fewer than two directions; it has no PCA plane")
    vectors = vt[:2] * np.where(offsets[0] @ vt[:2].T > 0, -1.0, 1.0)[:, None]
    return Principal(vectors, variance[:2] / variance.sum())
