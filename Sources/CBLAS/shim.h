#include <cblas.h>
// OpenBLAS's own controls (not part of the cblas standard).
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);
char *openblas_get_corename(void);
