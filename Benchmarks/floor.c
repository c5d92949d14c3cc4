/*
 * The floor: what discovery costs with nothing but posix_spawn and
 * blocking pipes. For each of COUNT servers it sends the same lines
 * mcp-census sends (initialize, the initialized notification, the four
 * lists and the closing ping), reads one line per request without parsing
 * it, closes stdin and reaps the server. CONCURRENCY threads share the
 * servers.
 *
 *   floor COUNT CONCURRENCY PROGRAM [ARG...]
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

extern char **environ;

static long count;
static char **server_argv;
static atomic_long next_server;
static atomic_long failures;

static const char *requests[] = {
  "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
  "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
  "\"clientInfo\":{\"name\":\"floor\",\"version\":\"1.0.0\"}}}\n",
  "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n",
  "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}\n",
  "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/list\"}\n",
  "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"resources/templates/list\"}\n",
  "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"prompts/list\"}\n",
  "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"ping\"}\n",
};

static int send_line(int fd, const char *line) {
  size_t left = strlen(line);
  while (left > 0) {
    ssize_t written = write(fd, line, left);
    if (written <= 0) return -1;
    line += written;
    left -= (size_t)written;
  }
  return 0;
}

/* Reads until a newline; the bytes are dropped. */
static int skip_line(int fd, char *buffer, size_t size) {
  for (;;) {
    ssize_t got = read(fd, buffer, size);
    if (got <= 0) return -1;
    if (memchr(buffer, '\n', (size_t)got)) return 0;
  }
}

static void discover_one(char *buffer, size_t size) {
  int to_child[2], from_child[2];
  if (pipe2(to_child, O_CLOEXEC) || pipe2(from_child, O_CLOEXEC)) {
    atomic_fetch_add(&failures, 1);
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  pid_t pid;
  int spawned = posix_spawn(&pid, server_argv[0], &actions, NULL,
                            server_argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  if (spawned != 0) {
    close(to_child[1]);
    close(from_child[0]);
    atomic_fetch_add(&failures, 1);
    return;
  }

  int ok = 0;
  for (size_t step = 0; step < sizeof requests / sizeof *requests; step++) {
    if (send_line(to_child[1], requests[step])) { ok = -1; break; }
    if (step == 1) continue; /* a notification has no answer */
    if (skip_line(from_child[0], buffer, size)) { ok = -1; break; }
  }
  close(to_child[1]);
  close(from_child[0]);
  waitpid(pid, NULL, 0);
  if (ok) atomic_fetch_add(&failures, 1);
}

static void *worker(void *unused) {
  (void)unused;
  size_t size = 64 * 1024;
  char *buffer = malloc(size);
  while (atomic_fetch_add(&next_server, 1) < count) {
    discover_one(buffer, size);
  }
  free(buffer);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: floor COUNT CONCURRENCY PROGRAM [ARG...]\n");
    return 2;
  }
  count = atol(argv[1]);
  long concurrency = atol(argv[2]);
  server_argv = argv + 3;

  pthread_t *threads = calloc((size_t)concurrency, sizeof *threads);
  for (long index = 0; index < concurrency; index++) {
    pthread_create(&threads[index], NULL, worker, NULL);
  }
  for (long index = 0; index < concurrency; index++) {
    pthread_join(threads[index], NULL);
  }
  long failed = atomic_load(&failures);
  if (failed > 0) fprintf(stderr, "floor: %ld servers failed\n", failed);
  return failed > 0 ? 1 : 0;
}
