#include "CFlxKernels.h"
#include "activations.h"
#include "dispatch.h"

// The elementwise work of one LSTM time step over a batch, in Float32, as loops the
// compiler vectorises (activations.h), so the four gate row blocks of a column go
// through in one vector pass. The arithmetic is that of RecurrentGates.cellForward /
// cellBackward in FlxEngine, operation for operation.
#pragma clang fp contract(off)

FLX_MULTIVERSION
void flx_lstm_step_f32(long hidden, long batch, const float *restrict gx, long gx_stride, float *restrict gh,
                       const float *restrict bias, float *restrict c, float *restrict c_prev, long c_prev_stride,
                       float *restrict saved, long saved_stride, float *restrict h, long h_stride) {
    const long rows = 4 * hidden;
    for (long j = 0; j < batch; j++) {
        const float *x = gx + j * gx_stride;
        float *pre = gh + j * rows, *cj = c + j * hidden, *cp = c_prev + j * c_prev_stride;
        float *s = saved + j * saved_stride, *hj = h + j * h_stride;
        if (bias) {
            for (long r = 0; r < rows; r++) pre[r] = (x[r] + pre[r]) + bias[r];
        } else {
            for (long r = 0; r < rows; r++) pre[r] = x[r] + pre[r];
        }
        for (long k = 0; k < hidden; k++) {
            float i = sigmoid_fast(pre[k]), f = sigmoid_fast(pre[hidden + k]);
            float g = tanh_fast(pre[2 * hidden + k]), o = sigmoid_fast(pre[3 * hidden + k]);
            float cOld = cj[k];
            float cNew = f * cOld + i * g;
            float tc = tanh_fast(cNew);
            cp[k] = cOld;
            cj[k] = cNew;
            hj[k] = o * tc;
            s[k] = i; s[hidden + k] = f; s[2 * hidden + k] = g; s[3 * hidden + k] = o; s[4 * hidden + k] = tc;
        }
    }
}

FLX_MULTIVERSION
void flx_lstm_step_back_f32(long hidden, long batch, const float *restrict gy, long gy_stride, const float *restrict dh,
                            float *restrict dc, const float *restrict c_prev, long c_prev_stride,
                            const float *restrict saved, long saved_stride, float *restrict dpre, long dpre_stride) {
    for (long j = 0; j < batch; j++) {
        const float *g = gy + j * gy_stride, *dhj = dh + j * hidden, *cp = c_prev + j * c_prev_stride;
        const float *s = saved + j * saved_stride;
        float *dcj = dc + j * hidden, *d = dpre + j * dpre_stride;
        for (long k = 0; k < hidden; k++) {
            float i = s[k], f = s[hidden + k], gg = s[2 * hidden + k], o = s[3 * hidden + k], tc = s[4 * hidden + k];
            float dhk = g[k] + dhj[k];
            // dc′ from c′ itself and through h′ = σ(o) tanh(c′)
            float dcNew = dcj[k] + dhk * o * (1 - tc * tc);
            d[k] = dcNew * gg * (i * (1 - i));
            d[hidden + k] = dcNew * cp[k] * (f * (1 - f));
            d[2 * hidden + k] = dcNew * i * (1 - gg * gg);
            d[3 * hidden + k] = dhk * tc * (o * (1 - o));
            dcj[k] = dcNew * f;
        }
    }
}
