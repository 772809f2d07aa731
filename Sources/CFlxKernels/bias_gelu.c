#include "CFlxKernels.h"
#include "activations.h"
#include "dispatch.h"

// Dense's bias and gelu (NNlib's bias_act! with gelu) over columns of `rows` outputs, each
// column adding the whole bias, as vectorised loops (activations.h); the arithmetic is
// UnaryOp's gelu and its derivative, operation for operation.
#pragma clang fp contract(off)

FLX_MULTIVERSION
void flx_bias_gelu_f32(long rows, long cols, const float *restrict a, const float *restrict bias, float *restrict out) {
    for (long j = 0; j < cols; j++) {
        const float *aj = a + j * rows;
        float *oj = out + j * rows;
        for (long i = 0; i < rows; i++) oj[i] = gelu_tanh(aj[i] + bias[i]);
    }
}

FLX_MULTIVERSION
void flx_bias_gelu_back_f32(long rows, long cols, const float *restrict g, const float *restrict a, const float *restrict bias,
                            float *restrict dz) {
    for (long j = 0; j < cols; j++) {
        const float *gj = g + j * rows, *aj = a + j * rows;
        float *dj = dz + j * rows;
        for (long i = 0; i < rows; i++) dj[i] = gj[i] * gelu_tanh_derivative(aj[i] + bias[i]);
    }
}
