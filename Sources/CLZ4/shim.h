#ifndef CLZ4_SHIM_H
#define CLZ4_SHIM_H
#include <lz4.h>

/* A cache prefetch hint (Swift has no intrinsic for it): the index builder prefetches the term
   hash table slots of a batch of tokens before probing them. Lives here to avoid a new C target. */
static inline void filesearch_prefetch(const void *p) { __builtin_prefetch(p, 1, 3); }

/* Starts writing back dirty pages of [offset, offset + nbytes) without waiting (sync_file_range with
   SYNC_FILE_RANGE_WRITE), so the final fsync of a big index file finds little left to write. <fcntl.h>
   declares it only under _GNU_SOURCE, which Swift's Glibc module is not built with; glibc always
   exports it. Elsewhere a no-op. */
#ifdef __linux__
#include <sys/types.h>
extern int sync_file_range(int fd, __off64_t offset, __off64_t nbytes, unsigned int flags);
extern int posix_fadvise(int fd, __off64_t offset, __off64_t len, int advice);
static inline int filesearch_start_writeback(int fd, long long offset, long long nbytes) {
    return sync_file_range(fd, (__off64_t)offset, (__off64_t)nbytes, 2u /* SYNC_FILE_RANGE_WRITE */);
}
/* Drops [offset, offset + nbytes) from the page cache where it is clean (written back): a build's
   big files then reuse a few recently freed pages instead of taking fresh ones. */
static inline int filesearch_drop_cached(int fd, long long offset, long long nbytes) {
    return posix_fadvise(fd, (__off64_t)offset, (__off64_t)nbytes, 4 /* POSIX_FADV_DONTNEED */);
}
/* Opens an existing file for writing with O_DIRECT (<fcntl.h> names the flag only under _GNU_SOURCE;
   __O_DIRECT is its per-architecture value): -1 with errno set when the file system refuses it. */
#include <fcntl.h>
#include <unistd.h>
static inline int filesearch_open_direct(const char *path) {
    return open(path, O_WRONLY | O_CLOEXEC | __O_DIRECT);
}
/* Starts reading `path` into the page cache without waiting (posix_fadvise WILLNEED): the index
   builder asks for files it will read soon once it has seen a read wait on the disk. */
static inline void filesearch_prefetch_file(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    (void)posix_fadvise(fd, 0, 0, 3 /* POSIX_FADV_WILLNEED */);
    close(fd);
}
/* Keeps freed heap memory in the process (glibc): blocks up to 32 MiB come from the heap instead of
   their own mmap, and the heap's top is returned to the kernel only beyond 512 MiB free. The index
   build reads and extracts every file into fresh buffers; with glibc's defaults a big file's buffers
   went back to the kernel when freed and the next file's faulted in again (measured on the 100k
   corpus: 719k–730k → 570k–578k page faults, system time 5.75–7.23 → 4.99–5.89 s; FORMAT.md).
   A hint: ignored elsewhere. */
#if defined(__GLIBC__)
#include <malloc.h>
static inline void filesearch_keep_freed_memory(void) {
    (void)mallopt(M_MMAP_THRESHOLD, 32 << 20);
    (void)mallopt(M_TRIM_THRESHOLD, 512 << 20);
}
#else
static inline void filesearch_keep_freed_memory(void) {}
#endif
#else
static inline void filesearch_keep_freed_memory(void) {}
static inline void filesearch_prefetch_file(const char *path) { (void)path; }
static inline int filesearch_open_direct(const char *path) { (void)path; return -1; }
static inline int filesearch_drop_cached(int fd, long long offset, long long nbytes) { (void)fd; (void)offset; (void)nbytes; return 0; }
static inline int filesearch_start_writeback(int fd, long long offset, long long nbytes) { (void)fd; (void)offset; (void)nbytes; return 0; }
#endif
#endif
