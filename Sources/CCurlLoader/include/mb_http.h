#ifndef MARKETBRIEF_HTTP_H
#define MARKETBRIEF_HTTP_H

#include <stddef.h>

/// What one GET returned: the status of the last response, its raw header lines and its body.
typedef struct {
    long status;
    char *headers;
    size_t headers_length;
    char *body;
    size_t body_length;
    /// Why no response arrived, when `mb_http_get` fails.
    char error[256];
} mb_http_response;

/// Performs a GET with libcurl, loaded on first use (dlopen), so programs that never fetch
/// never load it. The whole request takes at most `timeout_ms`; a body of more than `max_bytes`
/// once decompressed (or more than 64 KiB of headers) stops it. Only http and https are
/// spoken, redirects included, and at most 5 redirects are followed. Returns 0 when a response
/// arrived (of any status), -1 when libcurl cannot be loaded or a limit was passed, or libcurl's
/// error code; `response->error` then says why. Free with `mb_http_free`.
int mb_http_get(const char *url, const char *user_agent, long timeout_ms, size_t max_bytes,
                mb_http_response *response);

void mb_http_free(mb_http_response *response);

#endif
