// Loads libcurl on first use; see include/ccurl.h.

#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

// Each forwarding function is declared with the type of the libcurl
// function it stands for, so a wrong signature does not compile.
#define FORWARD(name) \
  __typeof__(curl_##name) ccurl_##name; \
  static __typeof__(curl_##name) *p_##name;

FORWARD(global_init)
FORWARD(free)
FORWARD(easy_init)
FORWARD(easy_cleanup)
FORWARD(easy_setopt)
FORWARD(multi_init)
FORWARD(multi_cleanup)
FORWARD(multi_add_handle)
FORWARD(multi_remove_handle)
FORWARD(multi_perform)
FORWARD(multi_poll)
FORWARD(multi_wakeup)
FORWARD(multi_info_read)
FORWARD(slist_append)
FORWARD(slist_free_all)
FORWARD(url)
FORWARD(url_cleanup)
FORWARD(url_get)
FORWARD(url_set)

static pthread_once_t once = PTHREAD_ONCE_INIT;

// A libcurl that cannot be loaded is an installation problem found before
// any server starts: the run command calls ccurl_require first when a
// server it will run has a URL.
static void fail(const char *library, const char *reason) {
  fprintf(stderr,
      "mcp-census: error: cannot load libcurl (%s), which HTTP servers "
      "need: %s; install it (Debian: apt-get install libcurl4) or point "
      "MCP_CENSUS_LIBCURL at it\n",
      library, reason ? reason : "unknown error");
  exit(2);
}

static void load(void) {
  const char *library = getenv("MCP_CENSUS_LIBCURL");
  if (library == NULL || library[0] == '\0') library = "libcurl.so.4";
  void *handle = dlopen(library, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) fail(library, dlerror());

#define FIND(name) \
  p_##name = (__typeof__(p_##name))dlsym(handle, "curl_" #name); \
  if (p_##name == NULL) fail(library, "it has no curl_" #name);

  FIND(global_init)
  FIND(free)
  FIND(easy_init)
  FIND(easy_cleanup)
  FIND(easy_setopt)
  FIND(multi_init)
  FIND(multi_cleanup)
  FIND(multi_add_handle)
  FIND(multi_remove_handle)
  FIND(multi_perform)
  FIND(multi_poll)
  FIND(multi_wakeup)
  FIND(multi_info_read)
  FIND(slist_append)
  FIND(slist_free_all)
  FIND(url)
  FIND(url_cleanup)
  FIND(url_get)
  FIND(url_set)
}

static inline void ready(void) { pthread_once(&once, load); }

void ccurl_require(void) { ready(); }

CURLcode ccurl_global_init(long flags) {
  ready();
  return p_global_init(flags);
}

void ccurl_free(void *pointer) {
  ready();
  p_free(pointer);
}

CURL *ccurl_easy_init(void) {
  ready();
  return p_easy_init();
}

void ccurl_easy_cleanup(CURL *easy) {
  ready();
  p_easy_cleanup(easy);
}

CURLcode ccurl_easy_setopt_long(CURL *easy, CURLoption option, long value) {
  ready();
  return p_easy_setopt(easy, option, value);
}

CURLcode ccurl_easy_setopt_offset(
    CURL *easy, CURLoption option, curl_off_t value) {
  ready();
  return p_easy_setopt(easy, option, value);
}

CURLcode ccurl_easy_setopt_pointer(
    CURL *easy, CURLoption option, const void *value) {
  ready();
  return p_easy_setopt(easy, option, value);
}

CURLcode ccurl_easy_setopt_callback(
    CURL *easy, CURLoption option, curl_write_callback callback) {
  ready();
  return p_easy_setopt(easy, option, callback);
}

CURLM *ccurl_multi_init(void) {
  ready();
  return p_multi_init();
}

CURLMcode ccurl_multi_cleanup(CURLM *multi) {
  ready();
  return p_multi_cleanup(multi);
}

CURLMcode ccurl_multi_add_handle(CURLM *multi, CURL *easy) {
  ready();
  return p_multi_add_handle(multi, easy);
}

CURLMcode ccurl_multi_remove_handle(CURLM *multi, CURL *easy) {
  ready();
  return p_multi_remove_handle(multi, easy);
}

CURLMcode ccurl_multi_perform(CURLM *multi, int *running) {
  ready();
  return p_multi_perform(multi, running);
}

CURLMcode ccurl_multi_poll(CURLM *multi, struct curl_waitfd extra[],
    unsigned int count, int timeout, int *ready_count) {
  ready();
  return p_multi_poll(multi, extra, count, timeout, ready_count);
}

CURLMcode ccurl_multi_wakeup(CURLM *multi) {
  ready();
  return p_multi_wakeup(multi);
}

CURLMsg *ccurl_multi_info_read(CURLM *multi, int *left) {
  ready();
  return p_multi_info_read(multi, left);
}

struct curl_slist *ccurl_slist_append(struct curl_slist *list, const char *text) {
  ready();
  return p_slist_append(list, text);
}

void ccurl_slist_free_all(struct curl_slist *list) {
  ready();
  p_slist_free_all(list);
}

CURLU *ccurl_url(void) {
  ready();
  return p_url();
}

void ccurl_url_cleanup(CURLU *url) {
  ready();
  p_url_cleanup(url);
}

CURLUcode ccurl_url_get(
    CURLU *url, CURLUPart part, char **text, unsigned int flags) {
  ready();
  return p_url_get(url, part, text, flags);
}

CURLUcode ccurl_url_set(
    CURLU *url, CURLUPart part, const char *text, unsigned int flags) {
  ready();
  return p_url_set(url, part, text, flags);
}
