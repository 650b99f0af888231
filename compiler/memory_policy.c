/* The allocator settings of the archway process (see memory_policy.h).
 *
 * glibc returns freed memory at the top of its heap to the kernel once
 * more than a threshold is free, and serves big blocks from mappings of
 * their own that are unmapped when freed. A fresh page then costs a page
 * fault and the kernel's zeroing when touched again: for the output of a
 * 10,000-route build (about 100 MiB) that was a quarter of the build's
 * time, repeated on every build. Serving blocks up to 32 MiB (the largest
 * glibc accepts here) from the heap, and trimming the heap only beyond
 * 256 MiB free, lets the next build reuse the pages instead. glibc keeps
 * a heap per thread that allocates (up to a few per core), and the bound
 * holds for each: freed memory beyond the peak stays within it. */
#include "memory_policy.h"

#include <stdlib.h>     /* defines __GLIBC__ where glibc is the C library */

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#define AW_KEEP_FREED_BYTES (256 * 1024 * 1024)
#define AW_HEAP_BLOCK_LIMIT (32 * 1024 * 1024)

void aw_memory_policy_apply(void)
{
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD) && defined(M_MMAP_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, AW_HEAP_BLOCK_LIMIT);
    mallopt(M_TRIM_THRESHOLD, AW_KEEP_FREED_BYTES);
#endif
}
