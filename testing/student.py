"""Student code: found by ``FILE.py:NAME``, stepped one update at a time, its failures told
with the step and the line of the student's own code.

Two kinds of student code are graded:

* a NumPy step function ``step(theta, grad, state, t, **hyperparameters) -> (theta, state)``,
  where ``state`` starts as an empty dict and ``t`` counts from 0;
* a ``torch.optim.Optimizer`` subclass, built as ``Cls([param], lr=..., **hyperparameters)``
  (``beta1`` and ``beta2`` are passed as ``betas`` to a class that takes ``betas``).

Loading a file runs it, in this process, with this process's rights. Nothing here is a
sandbox: grade untrusted submissions inside a container.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import re
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from optiviz.surfaces.registry import unknown_name

from .time_limit import TimeLimitExceeded, time_limit

TARGET = "FILE.py:NAME"
HERE = Path(__file__).resolve().parent
"""The grader's own folder: its frames are never the student's line."""


class StudentError(Exception):
    """Student code that failed: at which step, what happened, and where in their code.

    Attributes:
        step: The step t whose call failed (None: before the first step, while building).
        message: What happened, in one line.
        where: ``file.py:LINE in FUNCTION: the line``, the student's own frame, if known.
    """

    def __init__(self, step: int | None, message: str, where: str | None = None) -> None:
        super().__init__(message)
        self.step, self.message, self.where = step, message, where

    def __str__(self) -> str:
        at = "before step 0" if self.step is None else f"step {self.step}"
        return f"{at}: {self.message}" + (f"\n    {self.where}" if self.where else "")


def load(target: str, seconds: float) -> Any:
    """The object ``FILE.py:NAME`` (or ``package.module:NAME``) names, importing its file
    under a time limit of ``seconds``.

    Raises:
        ValueError: One line: a malformed target, a missing file or name, or code that cannot
            be imported (with the line that failed).
    """
    place, sep, name = target.rpartition(":")
    if not sep or not place or not name:
        raise ValueError(f"expected {TARGET}, got {target!r}")
    module = _import(place, seconds)
    found: Any = module
    for part in name.split("."):
        if not hasattr(found, part):
            public = [n for n in dir(module) if not n.startswith("_")]
            raise ValueError(f"{place}: {unknown_name('name', name, public)}")
        found = getattr(found, part)
    return found


def _import(place: str, seconds: float) -> Any:
    is_file = place.endswith(".py") or "/" in place or "\\" in place
    if is_file and not Path(place).is_file():
        raise ValueError(f"no such file: {place}")
    source = str(Path(place).resolve()) if is_file else None
    try:
        # np.errstate() puts back NumPy's error handling, whatever the student's module set.
        with time_limit(seconds), np.errstate():
            return _import_file(Path(place)) if is_file else importlib.import_module(place)
    except TimeLimitExceeded as error:
        raise ValueError(f"importing {place} {error}{_at(error, source)}") from None
    except SyntaxError as error:
        at = f"{Path(error.filename or place).name}:{error.lineno}"
        raise ValueError(f"cannot import {place}: {at}: {error.msg}") from None
    except (Exception, SystemExit) as error:
        raise ValueError(f"cannot import {place}: {said(error)}{_at(error, source)}") from None


def _import_file(path: Path) -> Any:
    """Imports ``path`` as a fresh module, with its folder on ``sys.path`` meanwhile (so that
    it can import its neighbours)."""
    name = "optiviz_student_" + re.sub(r"\W", "_", path.stem)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    folder = str(path.resolve().parent)
    sys.path.insert(0, folder)
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    finally:
        sys.path.remove(folder)
    return module


def said(error: BaseException) -> str:
    """``Type: message`` of ``error``, on one line."""
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def _at(error: BaseException, source: str | None = None) -> str:
    where = where_in(error, source)
    return f" at {where}" if where else ""


def source_of(code: Any) -> str | None:
    """The file ``code`` was defined in, if Python knows it."""
    try:
        return str(Path(inspect.getsourcefile(code)).resolve())
    except (TypeError, OSError):
        return None


def where_in(error: BaseException, source: str | None) -> str | None:
    """``file.py:LINE in FUNCTION: the line`` of the deepest frame of ``error`` in the file
    ``source`` (None, or no frame there: the deepest frame that is not the grader's)."""
    frames = [
        frame
        for frame in traceback.extract_tb(error.__traceback__)
        if not frame.filename.startswith("<frozen")
        and Path(frame.filename).resolve().parent != HERE
    ]
    own = [frame for frame in frames if source and _same_file(frame.filename, source)]
    if not (own or frames):
        return None
    frame = (own or frames)[-1]
    return f"{_shown(Path(frame.filename))}:{frame.lineno} in {frame.name}: {frame.line}"


def _shown(path: Path) -> str:
    """``path`` relative to the working folder when inside it, else its name."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return path.name


def _same_file(filename: str, source: str) -> bool:
    return str(Path(filename).resolve()) == source


class Stepper(Protocol):
    """Student code started at θ_0: each call takes g_t and returns θ_{t+1}."""

    def step(self, grad: np.ndarray, t: int) -> np.ndarray: ...


class NumPyStep:
    """A step function ``step(theta, grad, state, t, **hyperparameters)`` from ``start``,
    with a fresh state. NumPy's division by zero, overflow and invalid operations raise
    inside it, so that a NaN is reported at the line that made it."""

    def __init__(
        self, function: Any, start: np.ndarray, hyperparameters: Mapping[str, float]
    ) -> None:
        self.function, self.hyperparameters = function, dict(hyperparameters)
        self.theta, self.state = start.copy(), {}
        try:
            inspect.signature(function).bind(start, start, {}, 0, **self.hyperparameters)
        except TypeError as error:
            names = ", ".join(self.hyperparameters)
            raise StudentError(
                None, f"cannot be called as step(theta, grad, state, t, {names}): {error}"
            ) from None
        except ValueError:  # no signature to read (a builtin): let the call tell
            pass

    def step(self, grad: np.ndarray, t: int) -> np.ndarray:
        with np.errstate(divide="raise", over="raise", invalid="raise"):
            out = self.function(
                self.theta.copy(), grad.copy(), self.state, t, **self.hyperparameters
            )
        if not isinstance(out, tuple) or len(out) != 2:
            raise StudentError(t, f"returned {_kind(out)}, expected a tuple (theta, state)")
        theta, state = out
        if not isinstance(state, dict):
            raise StudentError(t, f"returned the state as {_kind(state)}, expected a dict")
        self.theta, self.state = checked_theta(theta, t), state
        return self.theta


class TorchStep:
    """A ``torch.optim.Optimizer`` subclass on one float64 parameter, built at ``start``;
    each step sets the parameter's ``.grad`` to g_t and calls ``optimizer.step()``."""

    def __init__(self, cls: type, start: np.ndarray, hyperparameters: Mapping[str, float]) -> None:
        import torch

        self.torch = torch
        self.param = torch.nn.Parameter(torch.tensor(start, dtype=torch.float64))
        self.optimizer = cls([self.param], **torch_arguments(cls, hyperparameters))

    def step(self, grad: np.ndarray, t: int) -> np.ndarray:
        self.param.grad = self.torch.tensor(grad, dtype=self.torch.float64)
        self.optimizer.step()
        return checked_theta(self.param.detach().numpy().copy(), t)


def torch_arguments(cls: type, hyperparameters: Mapping[str, float]) -> dict[str, Any]:
    """``hyperparameters`` as ``cls`` takes them: ``beta1`` and ``beta2`` become ``betas``
    for a class that takes ``betas`` (as ``torch.optim.Adam`` does)."""
    arguments: dict[str, Any] = dict(hyperparameters)
    try:
        accepted = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        return arguments
    if "betas" in accepted and "beta1" not in accepted and {"beta1", "beta2"} <= set(arguments):
        arguments["betas"] = (arguments.pop("beta1"), arguments.pop("beta2"))
    return arguments


def stepper(code: Any, start: np.ndarray, hyperparameters: Mapping[str, float]) -> Stepper:
    """The :class:`Stepper` for ``code`` (a step function or an optimizer class) at
    ``start``; building it runs the student's constructor."""
    if inspect.isclass(code):
        return TorchStep(code, start, hyperparameters)
    return NumPyStep(code, start, hyperparameters)


def check_kind(code: Any, name: str) -> None:
    """Refuses code that is neither a step function nor a ``torch.optim.Optimizer``
    subclass.

    Raises:
        ValueError: One line naming what ``code`` is instead.
    """
    if inspect.isclass(code):
        torch = sys.modules.get("torch")
        if torch is None or not issubclass(code, torch.optim.Optimizer):
            raise ValueError(f"{name} is a class, but not a torch.optim.Optimizer subclass")
    elif not callable(code):
        raise ValueError(
            f"{name} is a {type(code).__name__}, not a step function or an optimizer class"
        )


def checked_theta(value: Any, t: int) -> np.ndarray:
    """``value`` as θ: two finite float64 numbers, or a :class:`StudentError`."""
    try:
        theta = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError, RuntimeError):
        raise StudentError(t, f"returned θ = {_short(value)}, not two numbers") from None
    if theta.shape != (2,):
        raise StudentError(t, f"returned θ of shape {theta.shape}, expected (2,)")
    if not np.isfinite(theta).all():
        raise StudentError(t, f"returned θ = {theta.tolist()}, which is not finite")
    return theta


def _kind(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, tuple):
        return f"a tuple of {len(value)}"
    return type(value).__name__


def _short(value: Any, width: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"
