"""The minimum-ratio experiment as the course draws it: minimum ratio against training loss,
a point per run (``optiviz experiment minimum-ratio --out ratio.png``), with Matplotlib."""

from __future__ import annotations

from pathlib import Path

from optiviz.optim.minimum_ratio import MinimumRatio

SUFFIXES = (".png", ".svg", ".pdf")
INK, POINT, MISSED = "#1f2933", "#2f6fb0", "#9aa5b1"


def check_suffix(path: Path) -> None:
    """Refuses an output file whose suffix is not a figure format, before any training."""
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"--out must end in {', '.join(SUFFIXES)}, got {path.name!r}")


def draw_ratios(found: MinimumRatio, path: Path) -> None:
    """Writes the scatter of ``found`` to ``path`` (.png, .svg or .pdf)."""
    check_suffix(path)
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise ValueError("figures need matplotlib: pip install 'optiviz[export]'") from None
    fig = Figure(figsize=(6.4, 4.8), layout="constrained")
    ax = fig.subplots()
    p, reached = found.points, found.reached
    ax.scatter(p.loss[reached], p.ratio[reached], s=28, color=POINT, zorder=3,
               label=f"‖g‖ < {found.tolerance:g} ({reached.sum()} runs)")  # fmt: skip
    if (~reached).any():
        ax.scatter(p.loss[~reached], p.ratio[~reached], s=28, facecolors="none",
                   edgecolors=MISSED, label=f"did not get there ({(~reached).sum()})")  # fmt: skip
    ax.axhline(1.0, color=INK, linestyle="--", linewidth=1)
    ax.annotate("local minimum: every λ > 0", (0.02, 1.0), xycoords=("axes fraction", "data"),
                xytext=(0, 4), textcoords="offset points", color=INK, fontsize=9)  # fmt: skip
    ax.set_ylim(0, 1.08)
    ax.set_xlabel("training loss L(θ)")
    ax.set_ylabel("minimum ratio  (share of Hessian eigenvalues > 0)")
    net = found.network
    ax.set_title(f"{len(found.seeds)} networks, {net.size} weights, on {net.data.name}", color=INK)
    if reached.any():
        negative = p.negative[reached]
        fig.text(
            0.5, -0.02,
            f"Every point reached has {negative.min()} to {negative.max()} clearly negative "
            "eigenvalues: a way down, so a saddle, not a local minimum.",
            ha="center", va="top", fontsize=9, color=INK,
        )  # fmt: skip
    ax.legend(loc="lower right", fontsize=9, frameon=False)
    ax.grid(alpha=0.3)
    ax.margins(x=0.15)
    fig.savefig(path, dpi=150, bbox_inches="tight")
