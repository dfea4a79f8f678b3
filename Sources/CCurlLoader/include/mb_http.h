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

/// Performs a POST of `body` (`body_length` bytes, of `content_type`) as `mb_http_get` performs a
/// GET, but follows no redirect: a 3xx is the answer.
int mb_http_post(const char *url, const char *user_agent, const char *content_type, const char *body,
                 size_t body_length, long timeout_ms, size_t max_bytes, mb_http_response *response);

void mb_http_free(mb_http_response *response);

/// Sends `message` (a whole RFC 5322 message, CRLF line ends) over SMTP to `url`
/// (`smtp://host:port`), after STARTTLS: a server that does not offer it is refused, and its
/// certificate must verify (against `ca_file` when not NULL, else the system's store). Logs in
/// when `username` is not NULL. Returns 0 when the server accepted the message for every
/// recipient, or libcurl's error code with `error` saying why.
int mb_smtp_send(const char *url, const char *username, const char *password, const char *ca_file,
                 const char *from, const char *const *recipients, size_t recipient_count,
                 const char *message, size_t message_length, long timeout_ms, char error[256]);

#endif
