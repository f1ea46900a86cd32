r"""What the Maps view asks of the engine: the calls of a map, a basin map and a seed fan for
one optimizer row, what they cost, the theory line a map can be held against, and the words
that explain them.

A row's engine :class:`~optiviz.optim.scene.Run` is the run spec of the calls (a map's grid
replaces its swept values). A call is bounded by :data:`BUDGET`:
runs that cost more per step (gradient noise, mini-batches of a data surface) get fewer
cells (:func:`affordable`).

Theory: on a quadratic, GD is stable for :math:`\eta < 2/\lambda_{max}` and heavy-ball
momentum for :math:`\eta < 2(1+\mu)/\lambda_{max}` (:func:`stability_edge`), the lines a map
of η (and μ) is drawn against.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from optiviz import optim, surfaces
from optiviz.app.display.tex import tex_number
from optiviz.app.plots.overlays import basin_color
from optiviz.app.web.map_state import CELLS, CURVE_POINTS, SMALLER_CELLS, MapState
from optiviz.optim import budget as budgets
from optiviz.optim.scene import Run, Scene
from optiviz.optim.sweep import Axis
from optiviz.surfaces import Surface

if TYPE_CHECKING:
    from optiviz.app.web.state import RunState

BUDGET = budgets.MAPS
"""Most plain steps one map, basin map or fan may cost (see :mod:`optiviz.optim.budget`)."""
BATCH_COST = budgets.GRID_COSTS.batch
BASIN_CELLS = 100
"""Starts per axis of a basin map."""
FAN_SIZE = 16
"""Seeds in a fan (fewer when its runs are costly)."""
EDGE_POINTS = 64


def step_cost(surface: Surface, run: Run, swept: Any = ()) -> float:
    """A step of ``run``'s settings in plain steps (see :mod:`optiviz.optim.budget`)."""
    return budgets.step_cost(surface, run.noise, run.batch_size, swept)


def randomness(surface: Surface, run: Run) -> bool:
    """Whether seeds change ``run``: gradient noise, or mini-batches of a data surface."""
    return run.noise > 0 or (run.batch_size is not None and surface.batch_loss is not None)


def affordable(
    cells: int, runs: Callable[[int], int], steps: int, cost: float, budget: float = BUDGET
) -> int:
    """The most cells per axis a user can pick (or a map shrinks to), at most ``cells``,
    within the budget (see :func:`optiviz.optim.budget.affordable`).

    Example:
        >>> affordable(64, lambda n: n * n, steps=1000, cost=1.0, budget=2**20)
        32
    """
    return budgets.affordable(cells, runs, steps, cost, (*CELLS, *SMALLER_CELLS), budget)


def sweep_arguments(
    scene: Scene, run: Run, row: RunState, maps: MapState
) -> tuple[dict[str, Any], int]:
    """Keyword arguments of :func:`optiviz.optim.sweep` for the map of ``run`` (row
    ``row``), and the cells per axis it affords."""
    surface = scene.surface_of(run)
    swept = maps.axes()
    cells = affordable(
        maps.cells,
        (lambda n: n * CURVE_POINTS) if len(swept) == 1 else (lambda n: n * n),
        scene.steps,
        step_cost(surface, run, swept),
    )
    grid = maps.grid(row, scene.steps, cells)
    arguments = dict(
        grid=grid,
        start=scene.start_of(run),
        steps=scene.steps,
        metric=maps.metric,
        tolerance=maps.tolerance,
    )
    return arguments, cells


def basins_arguments(scene: Scene, run: Run) -> dict[str, Any]:
    """Keyword arguments of :func:`optiviz.optim.basins` for ``run``."""
    surface = scene.surface_of(run)
    n = affordable(BASIN_CELLS, lambda n: n * n, scene.steps, step_cost(surface, run))
    return dict(resolution=n, steps=scene.steps)


def fan_arguments(scene: Scene, run: Run) -> dict[str, Any]:
    """Keyword arguments of :func:`optiviz.optim.seed_fan` for ``run``."""
    cost = step_cost(scene.surface_of(run), run) * scene.steps
    n = int(max(4, min(FAN_SIZE, BUDGET // cost)))
    return dict(n=n, start=scene.start_of(run), steps=scene.steps)


def key(surface: Surface, run: Run, arguments: dict[str, Any]) -> tuple:
    """A comparable form of an engine call (arrays by their values; the run's values that
    a grid replaces left out)."""
    items = sorted(
        (k, {n: v.tolist() for n, v in a.items()} if k == "grid" else a)
        for k, a in arguments.items()
    )
    swept = arguments.get("grid", {})
    settings = {"optimizer": run.optimizer, **run.summary()}
    fixed = sorted((name, value) for name, value in settings.items() if name not in swept)
    return (surface, repr(fixed), repr(items))


class Edge(NamedTuple):
    """A theory line on a map.

    Attributes:
        x, y: Its points in the map's axes (y: None on a curve, a vertical line).
        label: Legend text (Unicode).
        tex: The line and its λ_max, as LaTeX for the caption.
    """

    x: list[float]
    y: list[float] | None
    label: str
    tex: str


def stability_edge(scene: Scene, run: Run, axes: Sequence[Axis]) -> Edge | None:
    r"""The edge of stability on a quadratic surface, for a map of η (and μ, or the noise,
    which leaves the mean's dynamics alone) of GD or heavy-ball momentum with a constant η:
    η = 2(1 + μ)/λ_max (μ = 0 for GD). None for other surfaces, optimizers or axes.

    Example:
        >>> scene = Scene("valley", None, 500, (Run("gd"),))
        >>> lrs = Axis("lr", np.geomspace(1e-4, 1, 5), r"\eta", True)
        >>> edge = stability_edge(scene, scene.runs[0], [lrs])
        >>> [round(x, 12) for x in edge.x], edge.label
        ([0.01, 0.01], 'η = 2/λₘₐₓ')
    """
    names = [axis.name for axis in axes]
    linear = run.schedule.kind == "constant" and run.schedule.warmup == 0 and run.clip is None
    surface = scene.surface_of(run)
    batches = run.batch_size is not None and surface.batch_loss is not None
    if (
        run.optimizer not in ("gd", "momentum")
        or "lr" not in names
        or not set(names) <= {"lr", "momentum", "noise"}
        or not linear
        or batches
        or run.hyperparameters.get("weight_decay", 0.0)
    ):
        return None
    curvature = _constant_curvature(surface, scene.start_of(run))
    if curvature is None:
        return None
    gd = run.optimizer == "gd"
    if "momentum" in names:
        mu = axes[names.index("momentum")].values
        mu = np.linspace(mu[0], mu[-1], EDGE_POINTS)
    else:
        mu = np.full(2, 0.0 if gd else run.resolved()["momentum"])
    lr = 2 * (1 + mu) / curvature
    label = "η = 2/λₘₐₓ" if gd else "η = 2(1+λ)/λₘₐₓ"
    line = r"\eta = 2/\lambda_{max}" if gd else r"\eta = 2(1+\lambda)/\lambda_{max}"
    tex = rf"{line},\ \lambda_{{max}} = {tex_number(curvature)}"
    if len(axes) == 1:
        return Edge(lr.tolist(), None, label, tex)
    x, y = (lr, mu) if names[0] == "lr" else (mu, lr)
    if "momentum" not in names:
        y = np.array([axes[1].values[0], axes[1].values[-1]])
    return Edge(x.tolist(), y.tolist(), label, tex)


def _constant_curvature(surface: Surface, start: Sequence[float]) -> float | None:
    """λ_max of a surface whose Hessian is the same at the start, the bounds' centre and
    its lowest minimum (a quadratic), else None."""
    x0, x1, y0, y1 = surface.bounds
    points = [start, ((x0 + x1) / 2, (y0 + y1) / 2), *surface.minima[:1]]
    hessians = [surfaces.hessian_at(surface, point).hessian for point in points]
    if not all(np.allclose(h, hessians[0], rtol=1e-9, atol=1e-12) for h in hessians):
        return None
    largest = float(np.max(np.linalg.eigvalsh(hessians[0])))
    return largest if largest > 0 else None


def map_caption(
    scene: Scene,
    run: Run,
    maps: MapState,
    result: optim.Sweep,
    title: str,
    cells: int,
    timing: str,
    edge: Edge | None,
) -> str:
    """What the map shows, with its math (KaTeX)."""
    opt = optim.get(run.optimizer, run.convention)
    x0, y0 = scene.start_of(run)
    symbols = " and ".join(f"${axis.symbol}$" for axis in result.axes)
    unit = "cell" if len(result.axes) == 2 else "point"
    metric = result.metric
    quantity = (
        r"the final loss above the best known minimum, $L(\theta_T) - L^*$"
        if title.endswith("L*")
        else f"the {metric.title}, ${metric.symbol}$"
    )
    if metric.name == "steps-to-tolerance":
        quantity += rf" with $\mathrm{{tol}} = {tex_number(result.tolerance)}$"
    colours = {
        "final-loss": "red: diverged",
        "distance": "red: diverged",
        "steps-to-tolerance": "grey: never settled; red: diverged",
        "diverged": "grey: stayed finite",
    }[metric.name]
    text = (
        f"Each {unit} is one run of {html.escape(opt.title)} (row {maps.row + 1}) for "
        f"$T = {scene.steps}$ steps from $\\theta_0 = ({tex_number(x0)}, {tex_number(y0)})$ "
        f"with {symbols} taken from the {unit}, every other setting from the row. "
        f"Shown: {quantity}; {colours}. "
    )
    if edge is not None:
        text += f"Dashed: the edge of stability on this quadratic, ${edge.tex}$. "
    text += f"The ring is the row's setting; click a {unit} to load it. ({timing}"
    if cells < maps.cells:
        text += f"; {cells} instead of {maps.cells} per axis, as these runs are costly"
    return text + ".)"


def basins_legend(surface: Surface, row: int) -> str:
    """The basin overlay's key, as HTML."""
    swatch = (
        "<span style='display:inline-block;width:11px;height:11px;border:1px solid #9aa5b1;"
        "background:{};vertical-align:-1px;margin:0 3px 0 8px'></span>"
    )
    items = [
        swatch.format(basin_color(k)) + f"({x:.3g}, {y:.3g})"
        for k, (x, y) in enumerate(surface.minima)
    ]
    items.append(swatch.format("#ffffff") + "none")
    items.append(swatch.format("#1f2933") + "diverged")
    return f"Basins of row {row + 1}: where a run from each start ends:" + "".join(items)


def fan_note(surface: Surface, run: Run, row: int, n: int | None) -> str:
    """What the seed fan shows (``n`` seeds), or why it shows nothing (``n`` None)."""
    if n is not None:
        return f"Seed fan: row {row + 1} under {n} seeds ({run.seed} … {run.seed + n - 1})."
    where = "a batch size B (on a data surface) or " if surface.batch_loss else ""
    return (
        f"Seed fan: row {row + 1} draws no random numbers, so every seed runs the same path. "
        f"Give it {where}gradient noise σ &gt; 0 (under its “schedule, ε, weight decay, noise, "
        "batch”) to see the spread."
    )
