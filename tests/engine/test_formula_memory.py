"""Compiled programs cannot outlive the bounded formula cache."""

import gc
import weakref

from optiviz import optim, surfaces
from optiviz.surfaces import formula


def test_running_many_formulas_keeps_compiled_programs_bounded(monkeypatch):
    monkeypatch.setattr(formula, "CACHE_SIZE", 3)
    monkeypatch.setattr(formula, "_evicted", 0)
    first = surfaces.from_formula("x**2 + 0.25*y**2 + 1")
    optim.run(first, "gd", steps=5)
    alive = weakref.ref(first)
    del first
    counts = []
    for i in range(8):
        surface = surfaces.from_formula(f"x**2 + {i + 2}*y**2")
        optim.run(surface, "gd", steps=5)
        surfaces.grid(surface, n=8)
        counts.append(optim.compile_count())
    assert formula.cache_info().currsize == 3
    assert max(counts) <= 2 * 3 + 1, counts
    gc.collect()
    assert alive() is None, "an evicted surface that was run is freed with its programs"
