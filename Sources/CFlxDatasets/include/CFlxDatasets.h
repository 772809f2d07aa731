#ifndef CFLXDATASETS_H
#define CFLXDATASETS_H

#include <stddef.h>

/// The datasets behind MLDatasets' `Iris()` and `Digits()`: flx-datasets.bin, written by
/// scripts/gen-datasets and embedded in the binary when flx is built (the layout is in
/// data/README.md). Read-only and alive for the whole run.
const unsigned char *flx_datasets_bytes(void);
size_t flx_datasets_count(void);

#endif
