import os, random, time, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
random.seed(0); torch.manual_seed(0)
data = [(torch.rand(2, 3) * torch.tensor([i, 1, 20 / i]), torch.tensor([[i], [i]], dtype=torch.float32)) for i in range(1, 51)]
random.shuffle(data)
model = torch.nn.Sequential(torch.nn.Linear(3, 7), torch.nn.ReLU(), torch.nn.Linear(7, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.MSELoss()
def epoch():
    for x, y in data:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
epoch()
t0 = time.perf_counter()
for _ in range(20): epoch()
print("BENCH", (time.perf_counter() - t0) / (20 * len(data)))
