/*
 * A minimal MCP server over stdio for the benchmark: it reads one JSON-RPC
 * message per line and answers initialize, the four lists and ping with
 * canned JSON, echoing the request id and the offered protocol revision.
 * It parses only what it must, so its own start-up and CPU stay tiny.
 *
 *   bench_server [--delay-ms N] [--tools-bytes N]
 *
 * --delay-ms N     sleep N ms before answering initialize (a slow start).
 * --tools-bytes N  make the tools/list answer about N bytes, written in
 *                  pieces so that this process never holds it whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long delay_ms = 0;
static long tools_bytes = 0;

/* Output is gathered here and written in 64 KiB pieces at most. */
static char out[65536];
static size_t out_count = 0;

static void flush_out(void) {
  const char *bytes = out;
  while (out_count > 0) {
    ssize_t written = write(1, bytes, out_count);
    if (written <= 0) exit(0);
    bytes += written;
    out_count -= (size_t)written;
  }
}

static void put(const char *bytes, size_t count) {
  if (out_count + count > sizeof out) flush_out();
  memcpy(out + out_count, bytes, count);
  out_count += count;
}

static void puts_raw(const char *text) { put(text, strlen(text)); }

/* Copies the raw JSON value after `"key":` into out (up to , or }). */
static int find_raw(const char *line, const char *key, char *out, size_t n) {
  const char *at = strstr(line, key);
  if (!at) return 0;
  at = strchr(at + strlen(key), ':');
  if (!at) return 0;
  at++;
  while (*at == ' ') at++;
  size_t length = 0;
  int quoted = *at == '"';
  while (at[length] && length + 1 < n) {
    char c = at[length];
    if (quoted && length > 0 && c == '"') { length++; break; }
    if (!quoted && (c == ',' || c == '}' || c == ' ')) break;
    length++;
  }
  memcpy(out, at, length);
  out[length] = 0;
  return length > 0;
}

static void answer(const char *id, const char *result) {
  puts_raw("{\"jsonrpc\":\"2.0\",\"id\":");
  puts_raw(id);
  puts_raw(",\"result\":");
  puts_raw(result);
  puts_raw("}\n");
}

static const char *tool_json =
  "{\"name\":\"count_words_%06ld\",\"title\":\"Count words\","
  "\"description\":\"Counts the words in a piece of text and returns the "
  "number. Whitespace separates words; punctuation is kept with them.\","
  "\"inputSchema\":{\"type\":\"object\",\"properties\":{\"text\":"
  "{\"type\":\"string\",\"description\":\"The text to count\"}},"
  "\"required\":[\"text\"]},\"annotations\":{\"readOnlyHint\":true}}";

static void answer_tools(const char *id) {
  long count = 3;
  if (tools_bytes > 0) {
    char probe[1024];
    long size = snprintf(probe, sizeof probe, tool_json, 0L) + 1;
    count = tools_bytes / size;
    if (count < 1) count = 1;
  }
  puts_raw("{\"jsonrpc\":\"2.0\",\"id\":");
  puts_raw(id);
  puts_raw(",\"result\":{\"tools\":[");
  char piece[1024];
  for (long index = 0; index < count; index++) {
    int length = snprintf(piece, sizeof piece, tool_json, index);
    if (index > 0) put(",", 1);
    put(piece, (size_t)length);
  }
  puts_raw("]}}\n");
}

static void handle(const char *line) {
  char id[256], method[128], version[64];
  if (!find_raw(line, "\"id\"", id, sizeof id)) return;
  if (!find_raw(line, "\"method\"", method, sizeof method)) return;

  if (strcmp(method, "\"initialize\"") == 0) {
    if (delay_ms > 0) {
      struct timespec pause = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
      nanosleep(&pause, NULL);
    }
    if (!find_raw(line, "\"protocolVersion\"", version, sizeof version)) {
      strcpy(version, "\"2025-06-18\"");
    }
    char result[512];
    snprintf(result, sizeof result,
             "{\"protocolVersion\":%s,\"capabilities\":{\"tools\":{},"
             "\"resources\":{},\"prompts\":{}},\"serverInfo\":"
             "{\"name\":\"bench-server\",\"version\":\"1.0.0\"}}",
             version);
    answer(id, result);
  } else if (strcmp(method, "\"tools/list\"") == 0) {
    answer_tools(id);
  } else if (strcmp(method, "\"resources/list\"") == 0) {
    answer(id, "{\"resources\":[{\"uri\":\"bench://notes\",\"name\":"
               "\"notes\",\"description\":\"Every note\","
               "\"mimeType\":\"text/plain\"}]}");
  } else if (strcmp(method, "\"resources/templates/list\"") == 0) {
    answer(id, "{\"resourceTemplates\":[{\"uriTemplate\":"
               "\"bench://notes/{id}\",\"name\":\"note\","
               "\"description\":\"One note by id\"}]}");
  } else if (strcmp(method, "\"prompts/list\"") == 0) {
    answer(id, "{\"prompts\":[{\"name\":\"summary\",\"description\":"
               "\"Summarise a note\",\"arguments\":[{\"name\":\"id\","
               "\"required\":true}]}]}");
  } else if (strcmp(method, "\"ping\"") == 0) {
    answer(id, "{}");
  } else {
    puts_raw("{\"jsonrpc\":\"2.0\",\"id\":");
    puts_raw(id);
    puts_raw(",\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}\n");
  }
}

int main(int argc, char **argv) {
  for (int index = 1; index + 1 < argc; index += 2) {
    if (strcmp(argv[index], "--delay-ms") == 0) {
      delay_ms = atol(argv[index + 1]);
    } else if (strcmp(argv[index], "--tools-bytes") == 0) {
      tools_bytes = atol(argv[index + 1]);
    }
  }

  char *line = NULL;
  size_t capacity = 0;
  while (getline(&line, &capacity, stdin) > 0) {
    handle(line);
    flush_out();
  }
  return 0;
}
