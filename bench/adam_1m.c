/* The memory-bandwidth floor for one Adam step on 10^6 Float32 values: a single pass
   reading x, g, m, v and writing x, m, v, as a C compiler makes it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#define N 1000000
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
int main(void) {
    float *x = malloc(N * sizeof *x), *g = malloc(N * sizeof *g), *m = calloc(N, sizeof *m), *v = calloc(N, sizeof *v);
    for (int i = 0; i < N; i++) { x[i] = (float)rand() / RAND_MAX; g[i] = (float)rand() / RAND_MAX - 0.5f; }
    float b1 = 0.9f, b2 = 0.999f, eta = 0.001f, eps = 1e-8f, b1t = 1, b2t = 1;
    int steps = 200;
    double t0 = 0;
    for (int s = 0; s < steps + 5; s++) {
        if (s == 5) t0 = now();
        b1t *= b1; b2t *= b2;
        for (int i = 0; i < N; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            x[i] -= eta * (m[i] / (1 - b1t)) / (sqrtf(v[i] / (1 - b2t)) + eps);
        }
    }
    printf("BENCH %g\n", (now() - t0) / steps);
    return x[0] > 1e9;
}
