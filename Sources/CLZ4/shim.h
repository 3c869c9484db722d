#ifndef CLZ4_SHIM_H
#define CLZ4_SHIM_H
#include <lz4.h>

/* A cache prefetch hint (Swift has no intrinsic for it): the index builder prefetches the term
   hash table slots of a batch of tokens before probing them. Lives here to avoid a new C target. */
static inline void filesearch_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }
#endif
