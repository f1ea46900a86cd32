"""axe-core in a Playwright page: the WCAG 2 A and AA rules, and what they found.

axe-core is the npm package in ``node_modules`` (``make test`` installs it with ``npm ci``);
it is injected into the page and run on the whole document, shadow roots included.
"""

from __future__ import annotations

import functools
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
"""axe-core's tags of the WCAG 2.0 and 2.1 success criteria at levels A and AA."""
CANVAS_RULES: dict[str, str] = {}
"""Rules turned off because they cannot apply to a canvas, each with why: none. axe-core
reads the DOM; the plots are canvases it reports nothing about (it neither passes nor
fails their pixels), so no rule needs turning off. What a canvas says is checked by the
text-view tests instead."""


@functools.cache
def axe_source() -> str:
    if not AXE.exists():
        raise FileNotFoundError(f"{AXE} is missing: run `npm ci` (make test does)")
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """The WCAG 2 A/AA violations axe-core finds in ``page``, each as ``{id, help,
    nodes: [{target, html, summary}]}``."""
    if not page.evaluate("() => window.axe != null"):
        page.evaluate(axe_source())
    return page.evaluate(
        """([tags, off]) => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            rules: Object.fromEntries(off.map((id) => [id, {enabled: false}])),
        }).then((result) => result.violations.map((v) => ({
            id: v.id,
            help: v.help,
            nodes: v.nodes.map((n) => ({
                target: n.target.join(" "), html: n.html.slice(0, 200),
                summary: n.failureSummary,
            })),
        })))""",
        [WCAG_AA, list(CANVAS_RULES)],
    )


def report(found: list[dict]) -> str:
    """``found`` as lines for an assertion message."""
    lines = []
    for violation in found:
        lines.append(f"{violation['id']}: {violation['help']}")
        lines += [f"    {node['target']}\n      {node['html']}" for node in violation["nodes"]]
    return "\n".join(lines)
