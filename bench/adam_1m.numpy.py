import time, numpy as np
n = 10**6
x = np.random.rand(n).astype(np.float32); g = (np.random.rand(n) - 0.5).astype(np.float32)
m = np.zeros(n, np.float32); v = np.zeros(n, np.float32)
b1, b2, eta, eps = np.float32(0.9), np.float32(0.999), np.float32(0.001), np.float32(1e-8)
def step(t):
    m[:] = b1 * m + (1 - b1) * g
    v[:] = b2 * v + (1 - b2) * g * g
    x[:] -= eta * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)
for t in range(1, 6): step(t)
steps = 200
t0 = time.perf_counter()
for t in range(6, 6 + steps): step(t)
print("BENCH", (time.perf_counter() - t0) / steps)
