"""Step functions that break the protocol, each in one typical way."""

import numpy as np


def returns_theta_only(theta, grad, state, t, lr):
    return theta - lr * grad


def forgets_the_state(theta, grad, state, t, lr):
    return theta - lr * grad, None


def wrong_shape(theta, grad, state, t, lr):
    return np.append(theta - lr * grad, 0.0), state


def nan_at_step_5(theta, grad, state, t, lr):
    if t == 5:
        return np.array([np.nan, theta[1]]), state
    return theta - lr * grad, state


def raises_at_step_3(theta, grad, state, t, lr):
    rates = {0: lr, 1: lr, 2: lr}
    return theta - rates[t] * grad, state


def loops_at_step_2(theta, grad, state, t, lr):
    while t == 2:
        theta = theta + 0.0
    return theta - lr * grad, state


def wrong_signature(theta, grad, lr):
    return theta - lr * grad
