import time, numpy as np
W = np.random.randn(512, 512).astype(np.float32); b = np.random.randn(512, 1).astype(np.float32); x = np.random.randn(512, 512).astype(np.float32)
n = 50
t0 = time.perf_counter()
for _ in range(n): np.square(W @ x + b).sum()
print("BENCH", (time.perf_counter() - t0) / n)
