# mlp_mnist.flx in PyTorch. Given the folder mlp_mnist.flx wrote (argv[1]), starts from
# its initial weights and data; otherwise from torch's own random ones.
import os, sys, time, numpy, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
torch.manual_seed(0)
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
if len(sys.argv) > 1:
    load = lambda name: torch.tensor(numpy.loadtxt(os.path.join(sys.argv[1], name), delimiter=",", dtype=numpy.float32, ndmin=2))
    X = load("x.csv").T.contiguous()
    Y = load("labels.csv").reshape(-1).long()
    with torch.no_grad():
        for i, layer in ((1, model[0]), (2, model[2])):
            layer.weight.copy_(load(f"w{i}.csv")); layer.bias.copy_(load(f"b{i}.csv").reshape(-1))
else:
    X = torch.rand(128, 784)
    Y = torch.randint(0, 10, (128,))
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
print("LOSS", l.item())
