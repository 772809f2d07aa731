# attention_step.flx in PyTorch: token and position embeddings, 2 pre-norm causal blocks
# (nn.LayerNorm, nn.MultiheadAttention(128, 4, bias=False) with a triangular mask,
# Linear 128→512, GELU (tanh, as NNlib's gelu), Linear 512→128, residuals), a final
# LayerNorm and Linear 128→65; cross-entropy averaged over 64×16 positions, Adam(0.001);
# 2 warm-up steps, then 10 timed. Given the folder attention_step.flx wrote (argv[1]),
# starts from its weights and data (embeddings transposed, Flux's q/k/v projections
# stacked as torch's in_proj_weight).
import os, sys, time, numpy, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
torch.manual_seed(1)
V, T, B, D, H = 65, 64, 16, 128, 4
nn = torch.nn

class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.ln1, self.ln2 = nn.LayerNorm(D), nn.LayerNorm(D)
        self.attn = nn.MultiheadAttention(D, H, bias=False)
        self.mlp = nn.Sequential(nn.Linear(D, 4 * D), nn.GELU(approximate="tanh"), nn.Linear(4 * D, D))
    def forward(self, x, mask):
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))

tok, pos = nn.Embedding(V, D), nn.Embedding(T, D)
blocks = nn.ModuleList([Block(), Block()])
ln, head = nn.LayerNorm(D), nn.Linear(D, V)
mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)
if len(sys.argv) > 1:
    load = lambda name, dtype=numpy.float32: torch.tensor(numpy.loadtxt(os.path.join(sys.argv[1], name + ".csv"), delimiter=",", dtype=dtype, ndmin=2))
    x, y = load("x", numpy.int64) - 1, load("y", numpy.int64) - 1
    vec = lambda name: load(name).reshape(-1)
    with torch.no_grad():
        tok.weight.copy_(load("tok").T); pos.weight.copy_(load("pos").T)
        for i, b in enumerate(blocks, start=1):
            b.ln1.weight.copy_(vec(f"b{i}_ln1w")); b.ln1.bias.copy_(vec(f"b{i}_ln1b"))
            b.attn.in_proj_weight.copy_(torch.cat([load(f"b{i}_q"), load(f"b{i}_k"), load(f"b{i}_v")]))
            b.attn.out_proj.weight.copy_(load(f"b{i}_o"))
            b.ln2.weight.copy_(vec(f"b{i}_ln2w")); b.ln2.bias.copy_(vec(f"b{i}_ln2b"))
            b.mlp[0].weight.copy_(load(f"b{i}_w1")); b.mlp[0].bias.copy_(vec(f"b{i}_b1"))
            b.mlp[2].weight.copy_(load(f"b{i}_w2")); b.mlp[2].bias.copy_(vec(f"b{i}_b2"))
        ln.weight.copy_(vec("lnw")); ln.bias.copy_(vec("lnb"))
        head.weight.copy_(load("hw")); head.bias.copy_(vec("hb"))
else:
    x, y = torch.randint(V, (T, B)), torch.randint(V, (T, B))
params = [p for m in (tok, pos, blocks, ln, head) for p in m.parameters()]
opt = torch.optim.Adam(params, lr=1e-3)
loss_fn = nn.CrossEntropyLoss()
def loss():
    h = tok(x) + pos(torch.arange(T))[:, None, :]
    for b in blocks: h = b(h, mask)
    return loss_fn(head(ln(h)).reshape(T * B, V), y.reshape(T * B))
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
