# lstm_step.flx in PyTorch: nn.Embedding(65, 64), nn.LSTM(64, 128) over (50, 32, 64),
# nn.Linear(128, 65), cross-entropy averaged over all 50×32 positions, Adam(0.001); 2
# warm-up steps, then 10 timed. Given the folder lstm_step.flx wrote (argv[1]), starts from
# its weights and data: Flux's LSTM gates are torch's (input, forget, cell, output) row
# blocks, its one bias is torch's bias_ih with bias_hh zero, its embedding is the transpose.
import os, sys, time, numpy, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
torch.manual_seed(1)
V, L, B = 65, 50, 32
emb, lstm, head = torch.nn.Embedding(V, 64), torch.nn.LSTM(64, 128), torch.nn.Linear(128, V)
if len(sys.argv) > 1:
    load = lambda name, dtype=numpy.float32: numpy.loadtxt(os.path.join(sys.argv[1], name), delimiter=",", dtype=dtype, ndmin=2)
    x = torch.tensor(load("x.csv", numpy.int64) - 1)
    y = torch.tensor(load("y.csv", numpy.int64) - 1)
    with torch.no_grad():
        emb.weight.copy_(torch.tensor(load("emb.csv")).T)
        lstm.weight_ih_l0.copy_(torch.tensor(load("wi.csv"))); lstm.weight_hh_l0.copy_(torch.tensor(load("wh.csv")))
        lstm.bias_ih_l0.copy_(torch.tensor(load("b.csv")).reshape(-1)); lstm.bias_hh_l0.zero_()
        head.weight.copy_(torch.tensor(load("dw.csv"))); head.bias.copy_(torch.tensor(load("db.csv")).reshape(-1))
else:
    x, y = torch.randint(V, (L, B)), torch.randint(V, (L, B))
params = list(emb.parameters()) + list(lstm.parameters()) + list(head.parameters())
opt = torch.optim.Adam(params, lr=1e-3)
loss_fn = torch.nn.CrossEntropyLoss()
def loss():
    h, _ = lstm(emb(x))
    return loss_fn(head(h).reshape(L * B, V), y.reshape(L * B))
def step():
    opt.zero_grad()
    loss().backward()
    opt.step()
for _ in range(2): step()
n = 10
t0 = time.perf_counter()
for _ in range(n): step()
print("BENCH", (time.perf_counter() - t0) / n)
with torch.no_grad():
    print("LOSS", loss().item())
