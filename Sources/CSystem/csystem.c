#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "csystem.h"

int csystem_pipe2(int fds[2], int flags) {
  return pipe2(fds, flags);
}

int csystem_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path) {
  return posix_spawn_file_actions_addchdir_np(actions, path);
}
