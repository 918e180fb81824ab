#pragma once
#include <stdint.h>

/// Number of heap allocations (malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign) so far.
uint64_t carehub_allocation_count(void);
