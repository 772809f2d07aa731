def loop_sum(n):
    s = 0.0
    i = 1
    while i <= n:
        s += i
        i += 1
    return s
print(loop_sum(10_000_000))
