import time, os, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
W = torch.randn(512, 512, requires_grad=True); b = torch.randn(512, 1, requires_grad=True); x = torch.randn(512, 512)
def step():
    W.grad = None; b.grad = None
    (W @ x + b).pow(2).sum().backward()
for _ in range(5): step()
n = 50
t0 = time.perf_counter()
for _ in range(n): step()
print("BENCH", (time.perf_counter() - t0) / n)
