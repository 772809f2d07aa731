def inc(x):
    return x + 1
def run_calls(n):
    acc = 0
    for i in range(1, n + 1):
        acc = inc(acc)
    return acc
print(run_calls(1_000_000))
