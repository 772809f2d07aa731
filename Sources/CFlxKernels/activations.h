#ifndef CFLXKERNELS_ACTIVATIONS_H
#define CFLXKERNELS_ACTIVATIONS_H

#include <stdint.h>
#include <string.h>

// NNlib's fast activations for Float32 as branch-free inline functions (selects, no
// calls), so loops over them vectorise. The arithmetic is UnaryOp's in FlxEngine,
// operation for operation; only exp differs from libm's expf, and only where the true
// value lies within ~1e-13 (relative) of a rounding boundary or below the normal range.
#pragma clang fp contract(off)

// e^z for z ≤ 0, computed in double and rounded once: z·log2(e) = n + f with n an
// integer and |f| ≤ 1/2, 2^f from its Taylor series in f·ln 2 to degree 10 (remainder
// below 3e-13 relative), times 2^n made from its exponent bits.
static inline __attribute__((always_inline)) float exp_nonpositive(float z) {
    double y = (double)(z < -104.0f ? -104.0f : z) * 1.4426950408889634;
    const double shift = 0x1.8p52;          // adding it rounds y to an integer in the low bits
    double kd = y + shift;
    uint64_t ki;
    memcpy(&ki, &kd, sizeof ki);
    double n = kd - shift;
    double u = (y - n) * 0.6931471805599453;
    double p = 1.0 / 3628800;
    p = p * u + 1.0 / 362880;
    p = p * u + 1.0 / 40320;
    p = p * u + 1.0 / 5040;
    p = p * u + 1.0 / 720;
    p = p * u + 1.0 / 120;
    p = p * u + 1.0 / 24;
    p = p * u + 1.0 / 6;
    p = p * u + 0.5;
    p = p * u + 1.0;
    p = p * u + 1.0;
    // ki's low bits hold n (two's complement); shifted into the exponent field with the bias.
    uint64_t bits = (ki + 1023) << 52;
    double scale;
    memcpy(&scale, &bits, sizeof scale);
    return (float)(p * scale);
}

// NNlib's sigmoid_fast: t = e^-|x|, 1/(1 + t) for x ≥ 0 and t/(1 + t) below, 1 past 40
// and 0 below -80.
static inline __attribute__((always_inline)) float sigmoid_fast(float x) {
    float t = exp_nonpositive(x < 0 ? x : -x);
    float y = x >= 0 ? 1.0f / (1.0f + t) : t / (1.0f + t);
    return x > 40 ? 1.0f : (x < -80 ? 0.0f : y);
}

// NNlib's tanh_fast for Float32: a rational function, each Horner step one rounding
// of an exact product plus a sum (a fused multiply-add, as UnaryOp.tanhFast computes it).
static inline __attribute__((always_inline)) float fma_once(float a, float b, float c) { return (float)((double)a * (double)b + (double)c); }
static inline __attribute__((always_inline)) float tanh_fast(float x) {
    float x2 = x * x;
    float n = 1.587199e-8f, d = 8.7767893e-7f;
    n = fma_once(x2, n, 2.2332108e-5f); d = fma_once(x2, d, 0.0003453992f);
    n = fma_once(x2, n, 0.0035974074f); d = fma_once(x2, d, 0.026262015f);
    n = fma_once(x2, n, 0.1346604f); d = fma_once(x2, d, 0.4679937f);
    n = fma_once(x2, n, 1.0f); d = fma_once(x2, d, 1.0f);
    float sign = x > 0 ? 1.0f : (x < 0 ? -1.0f : x);
    return x2 < 66 ? x * (n / d) : sign;
}

// NNlib's gelu (its tanh approximation): x/2 · (1 + tanh_fast(λ(x + 0.044715 x³))).
static inline __attribute__((always_inline)) float gelu_tanh(float x) {
    return x / 2 * (1 + tanh_fast((float)0.7978845608028654 * (x + (float)0.044715 * (x * x * x))));
}

// NNlib's deriv_gelu_tanh, with its two fused multiply-adds.
static inline __attribute__((always_inline)) float gelu_tanh_derivative(float x) {
    const float lambda = (float)0.7978845608028654;
    float x2 = x * x;
    float t = __builtin_fmaf(x2, (float)0.044715, 1.0f);
    float omega = tanh_fast(lambda * x * t);
    float sech2 = 1 - omega * omega;
    return (1 + omega) / 2 + x * lambda * __builtin_fmaf(x2, (float)0.08943, t) * sech2 / 2;
}

#endif
