"""2-D error surfaces in JAX: values, gradients and Hessians from one loss function.

.. note:: Importing ``optiviz`` (this package, which ``optiviz.optim`` and ``optiviz.app``
   import first) turns on JAX's float64, ``jax_enable_x64``, for the whole process, your
   own JAX code included: new arrays default to float64. The engine needs it everywhere a
   surface is evaluated (runs, grids, Hessians, the app's plots): with float32 an update of
   1e-7 on a weight near 1 rounds away, and the lesson of the tiny learning rate would
   become a rounding artefact. Running the engine inside ``jax.enable_x64(True)`` instead
   would leave the flag alone, but it about doubles the cost of a short run and misses
   every evaluation outside the engine's entry points; so the flag is set once, here.
   Other JAX settings (the compilation cache) are left to the caller.

Example:
    >>> from optiviz import surfaces
    >>> saddle = surfaces.get("saddle")
    >>> surfaces.hessian_at(saddle, (0.0, 0.0)).kind
    'saddle point'
"""

import jax

jax.config.update("jax_enable_x64", True)

# isort: off
from . import data, lecture, slopes, classification, softmax  # noqa: E402  (registers them,
from . import normalization, batchnorm, standard  # noqa: E402  in this order)

# isort: on
from . import expression, formula, parser  # noqa: E402
from .analysis import CriticalPoint, hessian_at  # noqa: E402
from .formula import CUSTOM, from_formula  # noqa: E402
from .grid import Grid, grid  # noqa: E402
from .parser import FormulaError  # noqa: E402
from .surface import Surface, about, get, names, register  # noqa: E402

__all__ = [
    "CUSTOM",
    "CriticalPoint",
    "FormulaError",
    "Grid",
    "Surface",
    "about",
    "batchnorm",
    "classification",
    "data",
    "expression",
    "formula",
    "from_formula",
    "get",
    "grid",
    "hessian_at",
    "lecture",
    "names",
    "normalization",
    "parser",
    "register",
    "slopes",
    "softmax",
    "standard",
]
