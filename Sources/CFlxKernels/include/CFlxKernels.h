#ifndef CFLXKERNELS_H
#define CFLXKERNELS_H

/// Element loops that gain from wider vectors than the baseline x86-64 target
/// (SSE2) the Swift code is compiled for: each is built for AVX2 as well, chosen
/// at load time for the machine it runs on. Results are bit-identical across the
/// versions (no contraction to fused multiply-adds, IEEE division and square root).

/// One Adam / AdamW step over n parameters, updating x, m and v in place.
/// mode 0: Adam, x -= m̂/(√v̂+ϵ)·η; 1: AdamW coupled, x -= η(a + λx); 2: decoupled, x -= ηa + λx,
/// where a = m/d1/(√(v/d2)+ϵ) with d1 = 1-β₁ᵗ, d2 = 1-β₂ᵗ.
void flx_adam_f32(long n, float *x, const float *dx, float *m, float *v, int mode,
                  float eta, float b1, float b2, float eps, float lambda, float d1, float d2);
void flx_adam_f64(long n, double *x, const double *dx, double *m, double *v, int mode,
                  double eta, double b1, double b2, double eps, double lambda, double d1, double d2);

/// CPU features that decide OpenBLAS's kernel set (`flx_cpu_features` returns these bits).
enum {
    FLX_CPU_AVX2 = 1 << 0,
    FLX_CPU_FMA = 1 << 1,
    FLX_CPU_AVX512F = 1 << 2,
    FLX_CPU_AVX512BW = 1 << 3,
    FLX_CPU_AVX512DQ = 1 << 4,
    FLX_CPU_AVX512VL = 1 << 5,
    FLX_CPU_AMD = 1 << 6,
};
unsigned flx_cpu_features(void);

/// One word of thread-local storage (0 until set), for the stack guard's cached limit.
unsigned long flx_thread_word_get(void);
void flx_thread_word_set(unsigned long value);
/// The calling thread's buffer pool (NULL until set); its owner keeps it alive.
void *flx_thread_pool_get(void);
void flx_thread_pool_set(void *pool);

#endif
