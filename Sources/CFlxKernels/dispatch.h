#ifndef CFLXKERNELS_DISPATCH_H
#define CFLXKERNELS_DISPATCH_H

// On x86-64 Linux a kernel is compiled twice, for AVX2 and for the baseline, and the
// loader picks one for the CPU (an ifunc); elsewhere it is compiled once.
#if defined(__x86_64__) && defined(__linux__)
#define FLX_MULTIVERSION __attribute__((target_clones("avx2", "default")))
#else
#define FLX_MULTIVERSION
#endif

#endif
