#include "CFlxDatasets.h"
#include "datasets-stamp.h"

// The assembler copies flx-datasets.bin into read-only data. It finds the file through the
// include path (Package.swift adds this directory, by its absolute path), so the build
// works from any working directory; the name is distinctive because the working
// directory is searched first. The stamp header makes a regenerated file rebuild this
// one, since clang's dependency files do not list .incbin inputs.
#define STR_(x) #x
#define STR(x) STR_(x)
#if defined(__APPLE__)
#define SECTION_BEGIN ".const\n"
#define SECTION_END ".text\n"
#else
#define SECTION_BEGIN ".pushsection .rodata\n"
#define SECTION_END ".popsection\n"
#endif

__asm__(SECTION_BEGIN
        ".balign 16\n"
        "flx_datasets_begin:\n"
        ".incbin \"flx-datasets.bin\"\n"
        "flx_datasets_end:\n"
        // A file that does not match its stamp fails the build rather than shipping.
        ".if flx_datasets_end - flx_datasets_begin - " STR(FLX_DATASETS_SIZE) "\n"
        ".error \"flx-datasets.bin does not match datasets-stamp.h: rerun scripts/gen-datasets\"\n"
        ".endif\n"
        SECTION_END);

// Named by asm labels so the symbols match on every platform (no Mach-O underscore);
// hidden, so the bytes are reached directly rather than through the GOT.
extern const unsigned char begin[] __asm__("flx_datasets_begin") __attribute__((visibility("hidden")));
extern const unsigned char end[] __asm__("flx_datasets_end") __attribute__((visibility("hidden")));

const unsigned char *flx_datasets_bytes(void) { return begin; }
size_t flx_datasets_count(void) { return (size_t)(end - begin); }
