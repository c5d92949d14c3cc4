#ifndef CCURL_H
#define CCURL_H

// libcurl, loaded with dlopen the first time one of its functions is
// called, so that a run of stdio servers never maps libcurl and the thirty
// libraries it pulls in (TLS, Kerberos, LDAP...): they cost start-up time
// and several megabytes of resident memory.
//
// The names below are renamed before curl.h declares them, so Swift calls
// ccurl_* functions with exactly libcurl's signatures; ccurl.c forwards
// each through a pointer found with dlsym.

#define curl_global_init ccurl_global_init
#define curl_free ccurl_free
#define curl_easy_init ccurl_easy_init
#define curl_easy_cleanup ccurl_easy_cleanup
#define curl_multi_init ccurl_multi_init
#define curl_multi_cleanup ccurl_multi_cleanup
#define curl_multi_add_handle ccurl_multi_add_handle
#define curl_multi_remove_handle ccurl_multi_remove_handle
#define curl_multi_perform ccurl_multi_perform
#define curl_multi_poll ccurl_multi_poll
#define curl_multi_wakeup ccurl_multi_wakeup
#define curl_multi_info_read ccurl_multi_info_read
#define curl_slist_append ccurl_slist_append
#define curl_slist_free_all ccurl_slist_free_all
#define curl_url ccurl_url
#define curl_url_cleanup ccurl_url_cleanup
#define curl_url_get ccurl_url_get
#define curl_url_set ccurl_url_set

#define CURL_DISABLE_TYPECHECK 1
#include <curl/curl.h>

// Loads libcurl now, if it is not loaded yet. When it cannot be loaded,
// prints why on stderr and exits with status 2: callers do this before
// any server starts.
void ccurl_require(void);

// curl_easy_setopt is variadic, which Swift cannot call: one typed
// function per kind of value.
CURLcode ccurl_easy_setopt_long(CURL *easy, CURLoption option, long value);
CURLcode ccurl_easy_setopt_offset(
    CURL *easy, CURLoption option, curl_off_t value);
CURLcode ccurl_easy_setopt_pointer(
    CURL *easy, CURLoption option, const void *value);
CURLcode ccurl_easy_setopt_callback(
    CURL *easy, CURLoption option, curl_write_callback callback);

#endif
