"""Every lecture preset's claim, checked on the trajectories the preset produces."""

import dataclasses
import functools
import re
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.scene import simulate
from optiviz.surfaces import lecture, softmax


@functools.cache
def trajectories(name):
    return simulate(presets.get(name).scene)


def steps_sizes(t):
    return np.linalg.norm(np.diff(t.positions, axis=0), axis=1)


def nearest_minimum(surface, point):
    minima = np.asarray(surfaces.get(surface).minima)
    return int(np.argmin(np.linalg.norm(minima - point, axis=1)))


def steep_component(positions):
    """The coordinate along the valley's steep eigenvector."""
    info = surfaces.hessian_at(surfaces.get("valley"), (0.0, 0.0))
    return positions @ info.eigenvectors[:, 1]


def sentences(caption):
    """The caption's sentences: split after . ! ? outside $…$ math."""
    prose = re.sub(r"\$[^$]*\$", "MATH", caption)
    return [part for part in re.split(r"(?<=[.!?])\s+", prose.strip()) if part]


def test_every_preset_is_well_formed_and_in_the_course_s_order():
    assert len(presets.names()) >= 20
    lectures = [presets.get(name).lecture for name in presets.names()]
    assert lectures == sorted(lectures), "registered lecture by lecture, as the course goes"
    for name in presets.names():
        preset = presets.get(name)
        assert preset.title and preset.lecture
        assert 1 <= len(sentences(preset.caption)) <= 3, f"{name}: one to three sentences"
        assert preset.caption.count("$") % 2 == 0, f"{name}: math delimiters pair up"
        assert all(t.diverged_at is None for t in trajectories(name))


def test_sentences_counts_what_a_reader_counts():
    assert len(sentences(r"One, with $a = 0.5. b$. Two! Three?")) == 3
    assert len(sentences("No full stop")) == 1


def test_valley_lr_too_large_oscillates_without_settling_or_diverging():
    (t,) = trajectories("valley-lr-too-large")
    assert presets.get("valley-lr-too-large").scene.runs[0].lr == 1e-2
    info = surfaces.hessian_at(surfaces.get("valley"), (0.0, 0.0))
    assert info.max_stable_lr == pytest.approx(1e-2), "η = 2/λmax, as the caption says"
    v = steep_component(t.positions)
    assert np.all(np.sign(v[1:]) == -np.sign(v[:-1])), "flips between the walls every step"
    assert np.abs(v[-1]) > 0.9 * np.abs(v[0]), "does not settle"
    assert t.losses[-1] > 0.9 * t.losses[0], "the loss stalls"
    grad_norm = np.linalg.norm(t.gradients, axis=1)
    assert grad_norm[-1] > 0.9 * grad_norm[0], "while the gradient stays large"


def across_and_along(positions):
    """(u, v): the coordinates along and across the valley floors of ``lecture``."""
    u, v = lecture.along_across(np.asarray(positions).T)
    return np.asarray(u), np.asarray(v)


def test_valley_lr_too_small_slides_to_the_floor_and_stays_far_while_large_bounces():
    scene = presets.get("valley-lr-too-small").scene
    large, small = trajectories("valley-lr-too-small")
    assert [run.lr for run in scene.runs] == [1e-2, 1e-7] and scene.steps == 100_000
    u, v = across_and_along(large.positions)
    assert np.all(np.sign(v[1:]) == -np.sign(v[:-1])), "η = 1e-2 flips between the walls"
    assert np.abs(v[-1]) > 0.9 * np.abs(v[0]), "and never settles"
    assert large.losses[-1] > 0.9 * large.losses[0], "the loss stalls"
    assert np.linalg.norm(large.gradients, axis=1).min() > 100, "while the gradient stays large"
    u, v = across_and_along(small.positions)
    on_floor = int(np.argmax(np.abs(v) < 1e-2 * np.abs(v[0])))
    assert 0 < on_floor < 0.8 * scene.steps, "η = 1e-7 slides down to the floor, in time"
    assert np.abs(v[-1]) < 1e-4 and small.losses[-1] < 1e-4 * small.losses[0]
    assert np.abs(u[-1]) > 0.99 * np.abs(u[0]), "yet it is still far from the minimum"
    floor = surfaces.hessian_at(surfaces.get(scene.surface), (0.0, 0.0)).eigenvalues[0]
    assert 1e-7 * floor == pytest.approx(1e-11), "each step along the floor is about 1e-11 u"


def burst_ratio(t):
    """The largest step of the last three quarters over the median step."""
    sizes = steps_sizes(t)
    return sizes[len(sizes) // 4 :].max() / np.median(sizes)


def test_valley_adagrad_arrives_with_a_burst():
    (burst,) = trajectories("valley-adagrad")
    distance = np.linalg.norm(burst.positions, axis=1)
    assert distance[-1] < 0.1 * distance[0], "reaches the minimum"
    assert burst_ratio(burst) > 100, "a late burst of large steps"
    sizes = steps_sizes(burst)
    k = len(sizes) // 4 + int(np.argmax(sizes[len(sizes) // 4 :]))
    v = steep_component(burst.positions)
    assert abs(v[k + 1] - v[k]) > 0.5 * sizes[k], "the burst throws it sideways"


def test_decay_removes_the_burst_with_the_same_start_and_eta():
    scene = presets.get("valley-adagrad-decay").scene
    burst_run = presets.get("valley-adagrad").scene.runs[0]
    constant, decayed = scene.runs
    assert dataclasses.replace(constant, label="") == burst_run, "the burst scene's own run"
    assert decayed.lr == burst_run.lr
    assert scene.start == presets.get("valley-adagrad").scene.start
    assert decayed.schedule.kind == "exp" and decayed.schedule.gamma == 0.9995
    burst, smooth = trajectories("valley-adagrad-decay")
    assert burst_ratio(burst) > 100 and burst_ratio(smooth) < 5
    steep_limit = surfaces.hessian_at(surfaces.get("valley"), (0.0, 0.0)).max_stable_lr
    assert burst.effective_lr[:, 1].max() > steep_limit, "η/σ outgrows 2/λmax before the burst"
    assert smooth.effective_lr[:, 1].max() < steep_limit, "with decay it stays below"
    distance = np.linalg.norm(smooth.positions, axis=1)
    assert distance[-1] < 0.1 * distance[0], "and still reaches the minimum"


def test_valley_warmup_rises_then_falls_and_tames_the_first_steps():
    plain, warm = trajectories("valley-warmup")
    peak = int(np.argmax(warm.lr))
    assert 0 < peak < len(warm.lr) - 1
    assert np.all(np.diff(warm.lr[: peak + 1]) > 0) and np.all(np.diff(warm.lr[peak:]) <= 0)
    start_loss = plain.losses[0]
    assert plain.losses[:150].max() > 10 * start_loss, "without warmup it jumps up the wall"
    assert warm.losses[:150].max() < 1.01 * start_loss, "with warmup it stays down"


def test_saddle_stuck_and_noise_escapes():
    exact, noisy = trajectories("saddle-stuck")
    end = exact.positions[-1]
    assert np.linalg.norm(end) < 1e-6 and exact.losses[-1] == pytest.approx(1.0, abs=1e-9)
    info = surfaces.hessian_at(surfaces.get("saddle"), end)
    assert info.kind == "saddle point"
    assert np.linalg.norm(exact.gradients[-1]) < 1e-9, "training stalls where g = 0"
    assert noisy.losses[-1] < 1e-2, "noise escapes to the minima"


def test_saddle_escape_along_the_negative_eigenvector():
    surface = surfaces.get("saddle")
    info = surfaces.hessian_at(surface, (0.0, 0.0))
    scene = presets.get("saddle-hessian-escape").scene
    along_u = np.asarray(scene.start_of(scene.runs[0]))
    assert abs(np.dot(along_u, info.escape_direction)) == pytest.approx(np.linalg.norm(along_u))
    assert float(surface.loss(jnp.asarray(along_u))) < info.loss, "a step along u lowers L"
    escaped, fallen_back = trajectories("saddle-hessian-escape")
    assert escaped.losses[-1] < 1e-6 and np.all(np.diff(escaped.losses) <= 1e-15)
    assert fallen_back.losses[-1] == pytest.approx(1.0, abs=1e-9)


def test_momentum_rolls_past_the_local_minimum():
    gd, momentum = trajectories("local-min-momentum")
    shallow, deep = 1, 0
    minima = surfaces.get("local_min").minima
    assert minima[deep][0] < 0 < minima[shallow][0]
    assert nearest_minimum("local_min", gd.positions[-1]) == shallow
    assert nearest_minimum("local_min", momentum.positions[-1]) == deep
    assert np.linalg.norm(gd.positions[-1] - minima[shallow]) < 1e-3, "GD stops there"
    assert momentum.losses[-1] < gd.losses[-1] - 2


def test_flat_vs_sharp_small_batch_ends_flat_large_batch_sharp():
    small, large = trajectories("flat-vs-sharp-batch")
    flat, sharp = 0, 1
    assert nearest_minimum("flat_sharp", small.positions[-1]) == flat
    assert nearest_minimum("flat_sharp", large.positions[-1]) == sharp
    surface = surfaces.get("flat_sharp")
    test_loss = [float(surface.test_loss(jnp.asarray(t.positions[-1]))) for t in (small, large)]
    train_loss = [float(t.losses[-1]) for t in (small, large)]
    assert test_loss[1] - train_loss[1] > 5 * (test_loss[0] - train_loss[0])


def test_flat_vs_sharp_holds_across_seeds():
    """Not a lucky seed: most small-batch runs end flat, every large-batch run ends sharp."""
    scene = presets.get("flat-vs-sharp-batch").scene
    seeds = np.arange(48)
    ends = []
    for run in scene.runs:
        many = optim.run_many(
            scene.surface,
            run.optimizer,
            starts=np.tile(scene.start, (len(seeds), 1)),
            steps=scene.steps,
            lr=run.lr,
            schedule=run.schedule,
            noise=run.noise,
            batch_size=run.batch_size,
            seed=seeds,
        )
        ends.append([nearest_minimum(scene.surface, p) for p in many.positions[:, -1]])
    small, large = np.asarray(ends)
    assert (small == 0).mean() > 0.85
    assert (large == 1).all()


def test_optimizer_race_has_all_eight_and_momentum_methods_win():
    scene = presets.get("optimizer-race").scene
    assert sorted(run.optimizer for run in scene.runs) == sorted(optim.names())
    assert len(scene.runs) == 8 and "eight" in presets.get("optimizer-race").title
    names = [run.optimizer for run in scene.runs]
    results = dict(zip(names, trajectories("optimizer-race"), strict=True))
    for t in results.values():
        assert t.losses[-1] < t.losses[0]
    distance = {name: np.linalg.norm(t.positions[-1] - 1.0) for name, t in results.items()}
    for name in ("momentum", "nesterov", "adam", "radam"):
        assert distance[name] < 0.1
    assert distance["gd"] > 0.5


def test_error_surface_gradient_descent_fits_the_line():
    (t,) = trajectories("error-surface")
    surface = surfaces.get("regression")
    assert np.all(np.diff(t.losses) <= 1e-15), "downhill all the way"
    np.testing.assert_allclose(t.positions[-1], surface.minima[0], atol=0.02)
    assert surface.minima[0] == surfaces.data.least_squares(surfaces.data.X, surfaces.data.Y)


def test_momentum_passes_the_shelf_where_gd_crawls_to_a_stop():
    shelf = surfaces.get("shelf")
    info = surfaces.hessian_at(shelf, (0.0, 0.0))
    assert np.linalg.norm(info.gradient) == 0 and info.kind == "degenerate"
    np.testing.assert_allclose(info.hessian, np.diag([0.0, 2.0]))
    assert float(shelf.loss(jnp.asarray([-0.5, 0.0]))) < info.loss, "no minimum: a way down"
    gd, momentum = trajectories("momentum-through-saddle")
    norm = np.linalg.norm(gd.gradients, axis=1)
    crawl = int(np.argmax(norm < 1e-2))
    assert np.all(norm[crawl:] < 1e-2) and len(norm) - crawl > 300, "g ≈ 0 for many steps"
    assert 0 < gd.positions[-1, 0] < 0.05, "GD is still creeping on the shelf"
    np.testing.assert_allclose(momentum.positions[-1], shelf.minima[0], atol=1e-3)


def test_rmsprop_sigma_follows_within_its_memory_while_adagrad_lags():
    scene = presets.get("rmsprop-adapts").scene
    adagrad, rmsprop = trajectories("rmsprop-adapts")
    alpha = scene.runs[1].resolved()["alpha"]
    assert alpha == 0.9, "the course's α, by default"
    slope = surfaces.get(scene.surface).grad
    steep, flat = (float(slope(jnp.asarray([w1, 0.0]))[0]) for w1 in (1.0, -2.0))
    assert steep / flat == pytest.approx(50, rel=0.1), "η/σ must grow fiftyfold"
    memory = round(1 / (1 - alpha))
    gain = []
    for t, low, high in ((rmsprop, 0.2, 0.5), (adagrad, 0.8, 1.0)):
        g = np.abs(t.gradients[:, 0])
        sigma = t.lr / t.effective_lr[:, 0]
        edge = int(np.argmax(g < 1.0))
        assert 10 < edge < 100 and g[:edge].min() > 1.0, "the slope flattens along the path"
        excess = (sigma**2 - g**2)[[edge, edge + memory]]
        assert low < excess[1] / excess[0] < high, "σ² forgets at its own pace"
        gain.append(t.effective_lr[edge + 5 * memory, 0] / t.effective_lr[edge, 0])
    assert gain[0] > 10 > 2 > gain[1], "η/σ shows it"
    assert abs(rmsprop.positions[-1, 0] - surfaces.get("steep_flat").minima[0][0]) < 0.1
    assert adagrad.positions[-1, 0] > -2, "AdaGrad still crawls along the floor"


def test_warmup_and_radam_tame_adam_s_first_steps():
    adam, warm, radam = trajectories("warmup-vs-radam")
    across = [np.abs(across_and_along(t.positions[:150])[1]).max() for t in (adam, warm, radam)]
    assert across[0] > 10 * max(across[1:]), "only plain Adam jumps up the wall"
    assert adam.losses[:150].max() > 1.5 * adam.losses[0]
    assert max(warm.losses[:150].max(), radam.losses[:150].max()) < 1.01 * adam.losses[0]
    np.testing.assert_array_equal(radam.effective_lr[:5], radam.lr[:5, None] * np.ones(2))
    rate = radam.effective_lr[5:100, 0] / radam.lr[5:100]
    assert rate[0] < 0.1 * rate[-1], "then r_t lets the adaptive rate rise, like a warmup"
    assert all(t.losses[-1] < 1e-6 for t in (adam, warm, radam))


def test_adam_gets_off_the_mse_plateau_where_gd_stalls():
    gd, adam = trajectories("mse-with-adam")
    minimum = surfaces.get("classification_mse").minima[0]
    assert np.linalg.norm(gd.gradients[0]) < 1e-3, "tiny, not zero"
    assert gd.losses[-1] > 0.99 * gd.losses[0] and np.linalg.norm(gd.positions[-1] - minimum) > 5
    np.testing.assert_allclose(adam.positions[-1], minimum, atol=0.05)


def test_softmax_mse_is_flat_where_cross_entropy_keeps_a_slope():
    y = jnp.asarray([0.7, -1.3])
    p = jax.nn.softmax(softmax.outputs(y))
    assert float(p[0]) == pytest.approx(float(jax.nn.sigmoid(y[0] - y[1])), rel=1e-12)
    assert float(p[2]) == 0.0, "y₃ = -1000: two classes, and softmax is the sigmoid"
    mse, ce = trajectories("softmax-mse-vs-ce")
    assert np.linalg.norm(mse.gradients[0]) < 1e-3 < 1 < np.linalg.norm(ce.gradients[0])
    assert np.linalg.norm(mse.positions[-1] - mse.positions[0]) < 0.1 and mse.losses[-1] > 1.99
    assert ce.losses[-1] < 0.01 and np.diff(ce.positions[-1])[0] < -5, "y₁ ≫ y₂"


def test_every_preset_has_a_test_of_its_claim_where_presets_py_says():
    here = Path(__file__).parent
    named = [here / name for name in re.findall(r"``(test_\w+\.py)``", presets.__doc__)]
    assert here / "test_presets.py" in named and all(path.exists() for path in named)
    tests = "\n".join(path.read_text() for path in named)
    for name in presets.names():
        assert f'"{name}"' in tests, f"{name} has no test of its own"
