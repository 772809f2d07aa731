import time, torch
torch.set_num_threads(int(__import__("os").environ.get("FLX_BENCH_THREADS", "1")))
W = torch.randn(7, 3, requires_grad=True); b = torch.randn(7, 1, requires_grad=True); x = torch.randn(3, 2)
def step():
    W.grad = None; b.grad = None
    (W @ x + b).pow(2).sum().backward()
for _ in range(1000): step()
n = 20000
t0 = time.perf_counter()
for _ in range(n): step()
print("BENCH", (time.perf_counter() - t0) / n)
