#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <sys/eventfd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "csystem.h"

int csystem_wake_descriptor(void) {
  return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
}

int csystem_wake(int fd) {
  uint64_t one = 1;
  return write(fd, &one, sizeof one) == sizeof one ? 0 : -1;
}

int csystem_pipe2(int fds[2], int flags) {
  return pipe2(fds, flags);
}

int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}

int csystem_set_pipe_nonblocking(int fd) {
  return fcntl(fd, F_SETFL, O_NONBLOCK);
}

int csystem_pidfd_open(int pid) {
#ifdef SYS_pidfd_open
  return (int)syscall(SYS_pidfd_open, pid, 0);
#else
  errno = ENOSYS;
  return -1;
#endif
}

int csystem_set_child_subreaper(void) {
  return prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
}

int csystem_set_mmap_threshold(int bytes) {
  return mallopt(M_MMAP_THRESHOLD, bytes);
}

int csystem_start_writeback(int fd) {
  return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

int csystem_trim_heap(void) {
  return malloc_trim(0);
}

int csystem_signal_is_ignored(int signal) {
  struct sigaction current;
  if (sigaction(signal, NULL, &current) != 0) return 0;
  return current.sa_handler == SIG_IGN;
}
