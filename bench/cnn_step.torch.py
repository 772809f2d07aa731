# cnn_step.flx in PyTorch: Conv 3×3 1→8 relu, maxpool 2, Conv 3×3 8→16 relu, maxpool 2,
# flatten, Linear 400→10; logit cross-entropy, Adam(0.001), batch 64 of 28×28×1; 2 warm-up
# steps, then 10 timed. Given the folder cnn_step.flx wrote (argv[1]), starts from its
# initial weights and data (Flux's Conv is a true convolution, so its kernels are flipped
# for torch's cross-correlation); otherwise from torch's own random ones.
import os, sys, time, numpy, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
torch.manual_seed(1)
model = torch.nn.Sequential(torch.nn.Conv2d(1, 8, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Conv2d(8, 16, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
                            torch.nn.Flatten(), torch.nn.Linear(400, 10))
y = torch.tensor([(i + 1) % 10 for i in range(64)])
if len(sys.argv) > 1:
    load = lambda name: torch.tensor(numpy.loadtxt(os.path.join(sys.argv[1], name), delimiter=",", dtype=numpy.float32, ndmin=2))
    x = load("x.csv").reshape(64, 1, 28, 28)
    with torch.no_grad():
        model[0].weight.copy_(load("c1w.csv").reshape(8, 1, 3, 3).flip(2, 3)); model[0].bias.copy_(load("c1b.csv").reshape(-1))
        model[3].weight.copy_(load("c2w.csv").reshape(16, 8, 3, 3).flip(2, 3)); model[3].bias.copy_(load("c2b.csv").reshape(-1))
        model[7].weight.copy_(load("dw.csv")); model[7].bias.copy_(load("db.csv").reshape(-1))
else:
    x = torch.rand(64, 1, 28, 28)
opt = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
def step():
    opt.zero_grad()
    loss_fn(model(x), y).backward()
    opt.step()
for _ in range(2): step()
n = 10
t0 = time.perf_counter()
for _ in range(n): step()
print("BENCH", (time.perf_counter() - t0) / n)
with torch.no_grad():
    print("LOSS", loss_fn(model(x), y).item())
