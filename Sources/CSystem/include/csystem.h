// GNU extensions of glibc that Swift's Glibc module does not show,
// wrapped so the Swift side needs no _GNU_SOURCE.
#ifndef CSYSTEM_H
#define CSYSTEM_H

#include <spawn.h>

/// pipe2(2): a pipe whose ends carry `flags` (O_CLOEXEC, O_NONBLOCK) from
/// the start, so a concurrent spawn can never inherit them.
int csystem_pipe2(int fds[2], int flags);

/// posix_spawn_file_actions_addchdir_np: the child changes folder before exec.
int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);

#endif
