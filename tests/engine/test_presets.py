"""Every lecture preset's claim, checked on the trajectories the preset produces."""

import functools

import jax.numpy as jnp
import numpy as np
import pytest

from optiviz import optim, surfaces
from optiviz.optim import presets
from optiviz.optim.scene import simulate


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


def test_every_preset_is_well_formed():
    assert len(presets.names()) >= 10
    for name in presets.names():
        preset = presets.get(name)
        assert preset.title and preset.caption and preset.lecture
        assert 1 <= preset.caption.count(". ") + 1 <= 4, "one to three sentences"
        assert all(t.diverged_at is None for t in trajectories(name))


def test_valley_lr_too_large_oscillates_without_settling_or_diverging():
    (t,) = trajectories("valley-lr-too-large")
    assert presets.get("valley-lr-too-large").scene.runs[0].lr == 1e-2
    v = steep_component(t.positions)
    assert np.all(np.sign(v[1:]) == -np.sign(v[:-1])), "flips between the walls every step"
    assert np.abs(v[-1]) > 0.9 * np.abs(v[0]), "does not settle"
    assert t.losses[-1] > 0.9 * t.losses[0], "the loss stalls"
    grad_norm = np.linalg.norm(t.gradients, axis=1)
    assert grad_norm[-1] > 0.9 * grad_norm[0], "while the gradient stays large"


def test_valley_lr_too_small_crawls():
    scene = presets.get("valley-lr-too-small").scene
    (t,) = trajectories("valley-lr-too-small")
    assert scene.runs[0].lr == 1e-7 and scene.steps >= 100_000
    assert t.losses[-1] < 0.1 * t.losses[0], "the loss has fallen"
    distance = np.linalg.norm(t.positions, axis=1)
    assert distance[-1] > 0.99 * distance[0], "yet it is still far from the minimum"


def test_valley_adagrad_arrives_with_a_burst_and_decay_removes_it():
    (burst,) = trajectories("valley-adagrad")
    (decayed,) = trajectories("valley-adagrad-decay")
    for t in (burst, decayed):
        distance = np.linalg.norm(t.positions, axis=1)
        assert distance[-1] < 0.1 * distance[0], "reaches the minimum"
    ratios = []
    for t in (burst, decayed):
        sizes = steps_sizes(t)
        late = sizes[len(sizes) // 4 :]
        ratios.append(late.max() / np.median(sizes))
    assert ratios[0] > 100, "a late burst of large steps"
    assert ratios[1] < 5, "no burst with decay"
    k = len(steps_sizes(burst)) // 4 + int(np.argmax(steps_sizes(burst)[len(burst.lr) // 4 :]))
    v = steep_component(burst.positions)
    assert abs(v[k + 1] - v[k]) > 0.5 * steps_sizes(burst)[k], "the burst throws it sideways"


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


def test_optimizer_race_has_all_seven_and_momentum_methods_win():
    scene = presets.get("optimizer-race").scene
    assert sorted(run.optimizer for run in scene.runs) == sorted(optim.names())
    names = [run.optimizer for run in scene.runs]
    results = dict(zip(names, trajectories("optimizer-race"), strict=True))
    for t in results.values():
        assert t.losses[-1] < t.losses[0]
    distance = {name: np.linalg.norm(t.positions[-1] - 1.0) for name, t in results.items()}
    for name in ("momentum", "nesterov", "adam"):
        assert distance[name] < 0.1
    assert distance["gd"] > 0.5
