// GNU extensions of glibc that Swift's Glibc module does not show,
// wrapped so the Swift side needs no _GNU_SOURCE.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <spawn.h>

/// pipe2(2): a pipe whose ends carry `flags` (O_CLOEXEC, O_NONBLOCK) from
/// the start, so a concurrent spawn can never inherit them.
int csystem_pipe2(int fds[2], int flags);

/// An eventfd, close-on-exec and non-blocking, that polls readable once
/// `csystem_wake` has written to it (Swift's `WakeDescriptor`). -1 with
/// errno set on failure.
int csystem_wake_descriptor(void);

/// Makes a descriptor from `csystem_wake_descriptor` readable for good.
/// Returns -1 with errno set on failure.
int csystem_wake(int fd);

/// posix_spawn_file_actions_addchdir_np: the child changes folder before exec.
int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

/// Makes one end of a pipe we just made non-blocking (fcntl is variadic,
/// so Swift cannot call it directly). The end's other status flags are
/// replaced, not read first: a new pipe end has none, and every server
/// started makes three, so the saved call counts. Returns -1 with errno
/// set on failure.
int csystem_set_pipe_nonblocking(int fd);

/// pidfd_open(2): a close-on-exec descriptor that polls readable once the
/// process has exited. -1 with errno ENOSYS on kernels before 5.3.
int csystem_pidfd_open(int pid);

/// Whether `signal` is set to be ignored (as `nohup` leaves SIGHUP):
/// Swift cannot compare a handler with SIG_IGN. 1 if so, 0 if not.
int csystem_signal_is_ignored(int signal);

/// prctl(PR_SET_CHILD_SUBREAPER): orphaned descendants are re-parented to
/// this process, so it can reap them instead of leaving zombies.
int csystem_set_child_subreaper(void);

/// mallopt(M_MMAP_THRESHOLD): blocks of at least `bytes` get their own
/// mapping, given back to the system when freed. Setting it also stops
/// glibc from raising the threshold after each large free, which let a
/// freed many-megabyte message buffer stay resident. Returns 1 on success.
int csystem_set_mmap_threshold(int bytes);

/// Starts writing the file's changed pages to disk without waiting
/// (sync_file_range, SYNC_FILE_RANGE_WRITE), so that a later fsync has
/// less left to wait for. 0 on success, -1 with errno otherwise.
int csystem_start_writeback(int fd);

/// malloc_trim(0): memory freed into any malloc arena (each thread that
/// allocates gets one) is given back to the system. Returns 1 if some was.
int csystem_trim_heap(void);

#endif
