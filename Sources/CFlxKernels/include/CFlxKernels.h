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

/// One LSTM time step's elementwise work for a batch (Float32; RecurrentSequence in FlxEngine).
/// Column j of the step: gx + j·gx_stride (4H pre-activations of the input), gh + 4H·j (those
/// of the state, overwritten with the sum and the bias), c + H·j (the cell state, replaced by
/// the new one, the old one copied to c_prev + j·c_prev_stride), saved + j·saved_stride
/// (σ(i), σ(f), tanh(g), σ(o), tanh(c′): 5H) and h + j·h_stride (the output). bias may be NULL.
void flx_lstm_step_f32(long hidden, long batch, const float *gx, long gx_stride, float *gh, const float *bias,
                       float *c, float *c_prev, long c_prev_stride, float *saved, long saved_stride,
                       float *h, long h_stride);
/// Its backward: from the outputs' gradient (gy) plus dh (H × B, the later steps' part) and
/// dc (H × B, replaced by the gradient of the step's starting cell state), the four gates'
/// pre-activation gradients into dpre + j·dpre_stride.
void flx_lstm_step_back_f32(long hidden, long batch, const float *gy, long gy_stride, const float *dh,
                            float *dc, const float *c_prev, long c_prev_stride, const float *saved, long saved_stride,
                            float *dpre, long dpre_stride);

/// gelu.(a .+ bias) for a `rows` × `cols` column-major a and a bias of `rows` (Float32), and
/// its gradient g .* gelu′.(a .+ bias) into dz.
void flx_bias_gelu_f32(long rows, long cols, const float *a, const float *bias, float *out);
void flx_bias_gelu_back_f32(long rows, long cols, const float *g, const float *a, const float *bias, float *dz);

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
