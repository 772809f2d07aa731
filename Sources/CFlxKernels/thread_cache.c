#include "CFlxKernels.h"

// A per-thread word for the interpreter's stack guard: a C thread-local is one
// segment-relative load, where pthread_getspecific is a call and a table lookup.
static __thread unsigned long flx_thread_word;

unsigned long flx_thread_word_get(void) { return flx_thread_word; }
void flx_thread_word_set(unsigned long value) { flx_thread_word = value; }

// The calling thread's buffer pool, read on every tensor allocation: the pthread key
// that frees the pool at thread exit stays, but lookups go through this thread-local.
static __thread void *flx_thread_pool;

void *flx_thread_pool_get(void) { return flx_thread_pool; }
void flx_thread_pool_set(void *pool) { flx_thread_pool = pool; }
