"""Importing optiviz turns on JAX's float64 for the process, as its docs say, and no other
JAX setting."""

import subprocess
import sys

FRESH = """
import jax
x64, cache = jax.config.jax_enable_x64, jax.config.jax_compilation_cache_dir
from optiviz import optim
t = optim.run("valley", "gd", steps=3)
same_cache = jax.config.jax_compilation_cache_dir == cache
print(x64, jax.config.jax_enable_x64, same_cache, t.positions.dtype, jax.numpy.ones(1).dtype)
"""


def test_importing_optiviz_turns_on_float64_and_leaves_the_cache_alone():
    out = subprocess.run(
        [sys.executable, "-c", FRESH], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "True", "True", "float64", "float64"]
