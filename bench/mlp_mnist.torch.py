import os, time, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
torch.manual_seed(0)
X = torch.rand(128, 784)
Y = torch.randint(0, 10, (128,))
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
def step():
    opt.zero_grad()
    l = loss_fn(model(X), Y)
    l.backward()
    opt.step()
    return l
for _ in range(5): step()
t0 = time.perf_counter()
for _ in range(200): l = step()
print("BENCH", (time.perf_counter() - t0) / 200)
print("final loss", round(l.item(), 3))
