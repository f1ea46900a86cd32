"""Heavy-ball momentum in the course's form, m ← λm − ηg, θ ← θ + m, and a sign slip."""


def momentum_step(theta, grad, state, t, lr, momentum):
    m = momentum * state.get("m", 0.0) - lr * grad
    return theta + m, {"m": m}


def momentum_sign(theta, grad, state, t, lr, momentum):
    m = lr * grad - momentum * state.get("m", 0.0)
    return theta - m, {"m": m}
