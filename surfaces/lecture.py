r"""The surfaces of the course's optimisation lectures, each built to show one lesson."""

from __future__ import annotations

import jax
import jax.numpy as jnp
import numpy as np

from .surface import Point, Surface, register

VALLEY_STEEP = 200.0
"""Curvature across the valley: 2/λ = 1e-2, so GD with η = 1e-2 bounces between the walls
without settling and without diverging."""
VALLEY_FLAT = 1e-2
"""Curvature along the valley floor: with η = 1e-7, 100,000 steps cover 1e-4 of the way."""
VALLEY_ANGLE = 0.05
"""Rotation of the valley from the w1 axis (radians), so each coordinate feels both."""


GENTLE_STEEP = 5.0
"""Curvature across the gentle valley: 2/λ = 0.4, so RAdam's first, un-adapted steps at
η = 0.3 stay on the floor."""
WALL_SLOPE, WALL_CURVATURE = 200.0, 2000.0
"""The walled valley's walls: the slope far up them, and the curvature at the floor."""
WALLED_FLAT = 1e-4
"""Curvature along the walled valley's floor: η = 10⁻² crosses a tenth of it in 100,000 steps."""


def along_across(w: jax.Array) -> tuple[jax.Array, jax.Array]:
    r"""(u, v) = w rotated by φ = 0.05: u = w1 cos φ + w2 sin φ along a valley's floor,
    v = −w1 sin φ + w2 cos φ across it."""
    c, s = jnp.cos(VALLEY_ANGLE), jnp.sin(VALLEY_ANGLE)
    return c * w[0] + s * w[1], -s * w[0] + c * w[1]


def valley(w: jax.Array) -> jax.Array:
    r"""L = ½(λ_f u² + λ_s v²) with (u, v) = w rotated by φ (see :func:`along_across`);
    λ_s = 200, λ_f = 0.01, φ = 0.05. Convex, elongated, minimum at the origin."""
    u, v = along_across(w)
    return 0.5 * (VALLEY_FLAT * u**2 + VALLEY_STEEP * v**2)


def gentle_valley(w: jax.Array) -> jax.Array:
    r"""L = ½(λ_f u² + λ_s v²) with λ_s = 5, λ_f = 0.01, φ = 0.05: the valley with walls
    forty times less steep."""
    u, v = along_across(w)
    return 0.5 * (VALLEY_FLAT * u**2 + GENTLE_STEEP * v**2)


def log_cosh(x: jax.Array) -> jax.Array:
    r"""ln cosh x, written as |x| + ln(1 + e^{−2|x|}) − ln 2 so that it stays finite."""
    a = jnp.abs(x)
    return a + jnp.log1p(jnp.exp(-2 * a)) - jnp.log(2.0)


def walled_valley(w: jax.Array) -> jax.Array:
    r"""L = ½λ_f u² + (s²/λ_s) ln cosh(λ_s v / s), φ = 0.05: a convex valley whose walls rise
    with slope s = 200 onto a floor of curvature λ_s = 2000 across and λ_f = 10⁻⁴ along it.
    Walls of bounded slope keep a large η bouncing between them instead of diverging, and a
    steep floor lets a tiny η reach it: the course's two runs, η = 10⁻² and η = 10⁻⁷, on one
    surface."""
    u, v = along_across(w)
    k = WALL_CURVATURE / WALL_SLOPE
    return 0.5 * WALLED_FLAT * u**2 + WALL_SLOPE / k * log_cosh(k * v)


def saddle(w: jax.Array) -> jax.Array:
    r"""L = (1 − w1·w2)²: the course's y = w1·w2·x with one data point x = 1, ŷ = 1.
    Saddle at the origin with H = [[0, −2], [−2, 0]], λ = ±2; minima on w1·w2 = 1."""
    return (1 - w[0] * w[1]) ** 2


def saddle_simple(w: jax.Array) -> jax.Array:
    r"""L = w1² + w2⁴/4 − w2²/2: saddle at the origin (λ = 2 and −1), minima (0, ±1)."""
    return w[0] ** 2 + w[1] ** 4 / 4 - w[1] ** 2 / 2


def local_min(w: jax.Array) -> jax.Array:
    r"""L = w1⁴ − 3w1² + w1 + w2²: a shallow local minimum at w1 ≈ 1.13 in front of the deeper
    global one at w1 ≈ −1.30, with a small hill between them."""
    return w[0] ** 4 - 3 * w[0] ** 2 + w[0] + w[1] ** 2


def _local_min_minima() -> tuple[Point, ...]:
    roots = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
    return ((float(roots[0]), 0.0), (float(roots[2]), 0.0))


def plateau(w: jax.Array) -> jax.Array:
    r"""L = 1 − exp(−‖w‖²/2): far from the origin the surface is almost flat (the gradient
    ‖w‖·e^{−‖w‖²/2} is tiny), then it drops into the minimum at the origin."""
    return 1 - jnp.exp(-jnp.sum(w**2) / 2)


def well(w: jax.Array, centre: Point, width: float) -> jax.Array:
    r"""exp(−‖w − c‖²/(2s²)): a Gaussian bump of height 1 and width s at c."""
    return jnp.exp(-jnp.sum((w - jnp.asarray(centre)) ** 2) / (2 * width**2))


FLAT_CENTRE, FLAT_WIDTH = (-1.0, 0.5), 1.0
SHARP_CENTRE, SHARP_WIDTH, SHARP_DEPTH = (0.4, -0.3), 0.15, 0.72
TEST_SHIFT = (0.2, 0.2)
"""The train/test mismatch: the test surface is the training one moved by this offset."""


def flat_sharp(w: jax.Array) -> jax.Array:
    r"""L = 1 − e^{−‖w − a‖²/2} − 0.72·e^{−‖w − b‖²/(2·0.15²)}, a = (−1, 0.5), b = (0.4, −0.3):
    a wide (flat) minimum at a and a narrow (sharp) one near b on its slope, of similar depth
    (L = 0 and L ≈ 0.004)."""
    flat = well(w, FLAT_CENTRE, FLAT_WIDTH)
    return 1 - flat - SHARP_DEPTH * well(w, SHARP_CENTRE, SHARP_WIDTH)


def flat_sharp_test(w: jax.Array) -> jax.Array:
    r"""The test surface: L_test(w) = L(w − δ) with δ = (0.2, 0.2). At the flat minimum the
    loss rises by about 0.04, at the sharp one by about 0.58."""
    return flat_sharp(w - jnp.asarray(TEST_SHIFT))


VALLEY = register(
    Surface(
        name="valley",
        title="Elongated valley",
        formula=r"L = \tfrac12\left(0.01\,u^2 + 200\,v^2\right),\quad "
        r"\begin{pmatrix}u\\v\end{pmatrix} = R_{0.05}\begin{pmatrix}w_1\\w_2\end{pmatrix}",
        loss=valley,
        bounds=(-10.0, 2.0, -1.0, 1.0),
        minima=((0.0, 0.0),),
        start=(-8.0, 0.5),
        description="convex, one very steep and one very flat direction",
        log_scale=True,
    )
)
register(
    Surface(
        name="walled_valley",
        title="Valley with steep walls",
        formula=r"L = 5\cdot 10^{-5}\,u^2 + 20 \ln\cosh(10\,v),\quad "
        r"\begin{pmatrix}u\\v\end{pmatrix} = R_{0.05}\begin{pmatrix}w_1\\w_2\end{pmatrix}",
        loss=walled_valley,
        bounds=(-10.0, 2.0, -1.5, 1.5),
        minima=((0.0, 0.0),),
        start=(-8.0, 0.5),
        description="convex, walls of slope 200 onto a floor that is almost flat",
        log_scale=True,
    )
)
register(
    Surface(
        name="gentle_valley",
        title="Gentle valley",
        formula=r"L = \tfrac12\left(0.01\,u^2 + 5\,v^2\right),\quad "
        r"\begin{pmatrix}u\\v\end{pmatrix} = R_{0.05}\begin{pmatrix}w_1\\w_2\end{pmatrix}",
        loss=gentle_valley,
        bounds=(-10.0, 2.0, -1.0, 1.0),
        minima=((0.0, 0.0),),
        start=(-8.0, -0.4),
        description="convex and elongated, with gentler walls than the valley",
        log_scale=True,
    )
)
register(
    Surface(
        name="saddle",
        title="Saddle (course example)",
        formula=r"L = (1 - w_1 w_2)^2",
        loss=saddle,
        bounds=(-2.0, 2.0, -2.0, 2.0),
        minima=((1.0, 1.0), (-1.0, -1.0)),
        start=(0.8, -0.8),
        description="saddle at the origin, a curve of minima w1·w2 = 1",
        log_scale=True,
    )
)
register(
    Surface(
        name="saddle_simple",
        title="Simple saddle",
        formula=r"L = w_1^2 + \tfrac14 w_2^4 - \tfrac12 w_2^2",
        loss=saddle_simple,
        bounds=(-1.5, 1.5, -1.5, 1.5),
        minima=((0.0, 1.0), (0.0, -1.0)),
        start=(1.2, 0.0),
        description="saddle at the origin, minima at (0, ±1)",
    )
)
register(
    Surface(
        name="local_min",
        title="Local minimum",
        formula=r"L = w_1^4 - 3 w_1^2 + w_1 + w_2^2",
        loss=local_min,
        bounds=(-2.2, 2.6, -1.5, 1.5),
        minima=_local_min_minima(),
        start=(2.3, 1.0),
        description="a shallow local minimum before a deeper global one",
    )
)
register(
    Surface(
        name="plateau",
        title="Plateau",
        formula=r"L = 1 - e^{-(w_1^2 + w_2^2)/2}",
        loss=plateau,
        bounds=(-5.0, 5.0, -5.0, 5.0),
        minima=((0.0, 0.0),),
        start=(-3.5, 2.5),
        description="a wide, almost flat region before a drop",
    )
)
register(
    Surface(
        name="flat_sharp",
        title="Flat and sharp minima",
        formula=r"L = 1 - e^{-\|w - a\|^2/2} - 0.72\,e^{-\|w - b\|^2/(2\cdot 0.15^2)}",
        loss=flat_sharp,
        test_loss=flat_sharp_test,
        bounds=(-3.5, 2.0, -2.0, 3.0),
        minima=(FLAT_CENTRE, (0.38785914235486846, -0.2930623670599248)),
        start=(0.45, -0.25),
        description="a flat and a sharp minimum; the test surface is shifted by (0.2, 0.2)",
    )
)
