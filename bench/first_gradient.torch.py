# first_gradient.flx in PyTorch: the whole process, from start to a printed gradient of a small Sequential.
import os, torch
torch.set_num_threads(int(os.environ.get("FLX_BENCH_THREADS", "1")))
model = torch.nn.Sequential(torch.nn.Linear(3, 7), torch.nn.ReLU(), torch.nn.Linear(7, 1))
x = torch.rand(2, 3)
model(x).sum().backward()
print(model[0].weight.grad)
