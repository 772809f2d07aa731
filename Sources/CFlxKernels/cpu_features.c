#include "CFlxKernels.h"

// The compiler's CPU probe (CPUID and, for AVX state, XGETBV: a feature the OS does not
// enable reads as absent), for choosing OpenBLAS's kernel set before it loads.
unsigned flx_cpu_features(void) {
    unsigned bits = 0;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) bits |= FLX_CPU_AVX2;
    if (__builtin_cpu_supports("fma")) bits |= FLX_CPU_FMA;
    if (__builtin_cpu_supports("avx512f")) bits |= FLX_CPU_AVX512F;
    if (__builtin_cpu_supports("avx512bw")) bits |= FLX_CPU_AVX512BW;
    if (__builtin_cpu_supports("avx512dq")) bits |= FLX_CPU_AVX512DQ;
    if (__builtin_cpu_supports("avx512vl")) bits |= FLX_CPU_AVX512VL;
    if (__builtin_cpu_is("amd")) bits |= FLX_CPU_AMD;
#endif
    return bits;
}
