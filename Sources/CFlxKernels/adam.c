#include "CFlxKernels.h"
#include "dispatch.h"

// Julia's Optimisers.jl evaluates these as written, without fused multiply-adds.
#pragma clang fp contract(off)

// One loop per mode, so no branch sits inside the loop.
#define ADAM_LOOP(T, SQRT, STEP)                                                  \
    for (long i = 0; i < n; i++) {                                                \
        T d = dx[i], xi = x[i];                                                   \
        T mi = b1 * m[i] + c1 * d, vi = b2 * v[i] + c2 * (d * d);                 \
        m[i] = mi;                                                                \
        v[i] = vi;                                                                \
        T a = mi / d1 / (SQRT(vi / d2) + eps);                                    \
        x[i] = xi - (STEP);                                                       \
    }

#define ADAM_BODY(T, SQRT)                                                        \
    T c1 = 1 - b1, c2 = 1 - b2;                                                   \
    switch (mode) {                                                               \
    case 0: ADAM_LOOP(T, SQRT, a * eta) break;                                    \
    case 1: ADAM_LOOP(T, SQRT, eta * (a + lambda * xi)) break;                    \
    default: ADAM_LOOP(T, SQRT, eta * a + lambda * xi) break;                     \
    }

FLX_MULTIVERSION
void flx_adam_f32(long n, float *restrict x, const float *restrict dx, float *restrict m, float *restrict v, int mode,
                  float eta, float b1, float b2, float eps, float lambda, float d1, float d2) {
    ADAM_BODY(float, __builtin_sqrtf)
}

FLX_MULTIVERSION
void flx_adam_f64(long n, double *restrict x, const double *restrict dx, double *restrict m, double *restrict v, int mode,
                  double eta, double b1, double b2, double eps, double lambda, double d1, double d2) {
    ADAM_BODY(double, __builtin_sqrt)
}
