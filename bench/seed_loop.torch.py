# seed_loop.flx in PyTorch. Given the folder seed_loop.flx wrote (argv[1]), starts from
# its initial weights and data; otherwise from torch's own random ones.
import os, random, sys, time, numpy, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
random.seed(0); torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(3, 7), torch.nn.ReLU(), torch.nn.Linear(7, 1))
if len(sys.argv) > 1:
    load = lambda name: torch.tensor(numpy.loadtxt(os.path.join(sys.argv[1], name), delimiter=",", dtype=numpy.float32, ndmin=2))
    X, Y = load("x.csv"), load("y.csv")
    data = [(X[:, 2 * i:2 * i + 2].T.contiguous(), Y[:, 2 * i:2 * i + 2].T.contiguous()) for i in range(X.shape[1] // 2)]
    with torch.no_grad():
        for i, layer in ((1, model[0]), (2, model[2])):
            layer.weight.copy_(load(f"w{i}.csv")); layer.bias.copy_(load(f"b{i}.csv").reshape(-1))
else:
    data = [(torch.rand(2, 3) * torch.tensor([i, 1, 20 / i]), torch.tensor([[i], [i]], dtype=torch.float32)) for i in range(1, 51)]
    random.shuffle(data)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.MSELoss()
def epoch():
    for x, y in data:
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
epoch()
t0 = time.perf_counter()
for _ in range(40): epoch()
print("BENCH", (time.perf_counter() - t0) / (40 * len(data)))
with torch.no_grad():
    print("LOSS", sum(loss_fn(model(x), y).item() for x, y in data) / len(data))
