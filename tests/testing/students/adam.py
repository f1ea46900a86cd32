"""Adam as students write it for the assignment: a correct step and three typical bugs."""

import numpy as np


def adam_step(theta, grad, state, t, lr, beta1, beta2, eps):
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * grad
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v}


def bias_correction_off_by_one(theta, grad, state, t, lr, beta1, beta2, eps):
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * grad
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), {"m": m, "v": v}


def eps_inside_sqrt(theta, grad, state, t, lr, beta1, beta2, eps):
    m = beta1 * state.get("m", 0.0) + (1 - beta1) * grad
    v = beta2 * state.get("v", 0.0) + (1 - beta2) * grad**2
    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    return theta - lr * m_hat / np.sqrt(v_hat + eps), {"m": m, "v": v}
