#include "CFlxKernels.h"

// A per-thread word for the interpreter's stack guard: a C thread-local is one
// segment-relative load, where pthread_getspecific is a call and a table lookup.
static __thread unsigned long flx_thread_word;

unsigned long flx_thread_word_get(void) { return flx_thread_word; }
void flx_thread_word_set(unsigned long value) { flx_thread_word = value; }
