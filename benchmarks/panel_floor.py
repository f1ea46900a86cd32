"""The Panel floor: the cheapest page a Panel server can serve that looks like a lab.

Twenty sliders and one Bokeh figure (an image and six lines), built the plain way. The
lecture-hall benchmark serves it beside the app, with the same server options, so that the
cost of an optiviz session is read against what Panel itself costs on the same machine.

    python benchmarks/panel_floor.py --port 5007
"""

from __future__ import annotations

import argparse

import numpy as np
import panel as pn
from bokeh.plotting import figure

GRID = np.add.outer(np.linspace(-1, 1, 200) ** 2, 10 * np.linspace(-1, 1, 200) ** 2)


def floor_page() -> pn.Row:
    """One session's page: 20 sliders beside a figure with an image and six lines."""
    sliders = [pn.widgets.FloatSlider(name=f"slider {i}", start=0, end=1) for i in range(20)]
    plot = figure(width=600, height=450)
    plot.image([GRID], x=-1, y=-1, dw=2, dh=2, palette="Viridis256")
    t = np.linspace(0, 1, 500)
    for k in range(6):
        plot.line(np.cos(2 * np.pi * t * (k + 1)) * (1 - t), np.sin(2 * np.pi * t) * (1 - t))
    return pn.Row(pn.Column(*sliders), plot)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5007)
    args = parser.parse_args()
    from optiviz.app.web.serve import server_options

    pn.extension()
    pn.serve({"/": floor_page}, port=args.port, show=False, **server_options((), args.port))


if __name__ == "__main__":
    main()
