#include "mb_http.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The few libcurl names used, with the values of curl.h (stable across libcurl 7 and 8), so
// building needs no libcurl headers.
typedef void CURL;
enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_USERAGENT = 10018,
    OPT_HEADERDATA = 10029, OPT_ACCEPT_ENCODING = 10102, OPT_WRITEFUNCTION = 20011,
    OPT_HEADERFUNCTION = 20079, OPT_FOLLOWLOCATION = 52, OPT_NOSIGNAL = 99, OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156, OPT_MAXREDIRS = 68, OPT_PROTOCOLS = 181, OPT_REDIR_PROTOCOLS = 182,
    PROTO_HTTP_AND_HTTPS = 1 | 2, INFO_RESPONSE_CODE = 0x200002, GLOBAL_ALL = 3, ERROR_SIZE = 256,
    // Sending: POST (webhooks) and SMTP.
    OPT_READDATA = 10009, OPT_POSTFIELDS = 10015, OPT_HTTPHEADER = 10023, OPT_UPLOAD = 46, OPT_POST = 47,
    OPT_POSTFIELDSIZE = 60, OPT_CAINFO = 10065, OPT_READFUNCTION = 20012, OPT_USE_SSL = 119,
    OPT_USERNAME = 10173, OPT_PASSWORD = 10174, OPT_MAIL_FROM = 10186, OPT_MAIL_RCPT = 10187,
    PROTO_SMTP = 1 << 16, USESSL_ALL = 3,
};

struct curl_slist;

static struct {
    int (*global_init)(long);
    CURL *(*easy_init)(void);
    int (*easy_setopt)(CURL *, int, ...);
    int (*easy_perform)(CURL *);
    int (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(int);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int loaded;
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *library = NULL;
    for (size_t index = 0; index < sizeof names / sizeof names[0] && !library; index++) {
        library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (!library) return;
    curl.global_init = (int (*)(long))dlsym(library, "curl_global_init");
    curl.easy_init = (CURL * (*)(void)) dlsym(library, "curl_easy_init");
    curl.easy_setopt = (int (*)(CURL *, int, ...))dlsym(library, "curl_easy_setopt");
    curl.easy_perform = (int (*)(CURL *))dlsym(library, "curl_easy_perform");
    curl.easy_getinfo = (int (*)(CURL *, int, ...))dlsym(library, "curl_easy_getinfo");
    curl.easy_cleanup = (void (*)(CURL *))dlsym(library, "curl_easy_cleanup");
    curl.easy_strerror = (const char *(*)(int))dlsym(library, "curl_easy_strerror");
    curl.slist_append = (struct curl_slist * (*)(struct curl_slist *, const char *)) dlsym(library, "curl_slist_append");
    curl.slist_free_all = (void (*)(struct curl_slist *))dlsym(library, "curl_slist_free_all");
    if (curl.slist_append && curl.slist_free_all && curl.global_init && curl.easy_init && curl.easy_setopt && curl.easy_perform && curl.easy_getinfo &&
        curl.easy_cleanup && curl.easy_strerror && curl.global_init(GLOBAL_ALL) == 0) {
        curl.loaded = 1;
    }
}

typedef struct {
    char *bytes;
    size_t length;
    /// The most bytes kept (after decompression); more fails the transfer.
    size_t limit;
    int failed;
    int too_large;
} buffer;

static size_t append(char *data, size_t size, size_t count, void *target) {
    buffer *into = target;
    size_t length = size * count;
    if (into->length + length > into->limit) {
        into->too_large = 1;
        return 0;
    }
    char *grown = realloc(into->bytes, into->length + length + 1);
    if (!grown) {
        into->failed = 1;
        return 0;
    }
    memcpy(grown + into->length, data, length);
    into->length += length;
    grown[into->length] = 0;
    into->bytes = grown;
    return length;
}

static int request(const char *url, const char *user_agent, const char *content_type, const char *body_bytes,
                   size_t body_length, long timeout_ms, size_t max_bytes, mb_http_response *response) {
    memset(response, 0, sizeof *response);
    pthread_once(&load_once, load);
    if (!curl.loaded) {
        snprintf(response->error, sizeof response->error, "libcurl could not be loaded (Debian: apt-get install libcurl4)");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(response->error, sizeof response->error, "libcurl could not start a request");
        return -1;
    }
    buffer headers = {.limit = 65536}, body = {.limit = max_bytes};
    char error[ERROR_SIZE] = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_USERAGENT, user_agent);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(handle, OPT_MAXREDIRS, 5L);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)PROTO_HTTP_AND_HTTPS);
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)PROTO_HTTP_AND_HTTPS);
    curl.easy_setopt(handle, OPT_ACCEPT_ENCODING, "");
    curl.easy_setopt(handle, OPT_ERRORBUFFER, error);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, append);
    curl.easy_setopt(handle, OPT_WRITEDATA, &body);
    curl.easy_setopt(handle, OPT_HEADERFUNCTION, append);
    curl.easy_setopt(handle, OPT_HEADERDATA, &headers);
    struct curl_slist *fields = NULL;
    if (content_type) {
        // A POST is never redirected (a 3xx is its answer) and sends its body at once, without
        // waiting for a `100 Continue`.
        char line[256];
        snprintf(line, sizeof line, "Content-Type: %s", content_type);
        fields = curl.slist_append(curl.slist_append(NULL, line), "Expect:");
        curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 0L);
        curl.easy_setopt(handle, OPT_POST, 1L);
        curl.easy_setopt(handle, OPT_POSTFIELDS, body_bytes);
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE, (long)body_length);
        curl.easy_setopt(handle, OPT_HTTPHEADER, fields);
    }
    int code = curl.easy_perform(handle);
    if (code == 0) curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &response->status);
    curl.easy_cleanup(handle);
    if (fields) curl.slist_free_all(fields);
    if (headers.too_large || body.too_large) {
        snprintf(response->error, sizeof response->error, "the response is larger than %zu bytes%s; refused",
                 headers.too_large ? headers.limit : body.limit, headers.too_large ? " of headers" : " (decompressed)");
        free(headers.bytes);
        free(body.bytes);
        return -1;
    }
    if (code != 0 || headers.failed || body.failed) {
        snprintf(response->error, sizeof response->error, "%s",
                 error[0] ? error : code ? curl.easy_strerror(code) : "out of memory");
        free(headers.bytes);
        free(body.bytes);
        return code ? code : -1;
    }
    response->headers = headers.bytes;
    response->headers_length = headers.length;
    response->body = body.bytes;
    response->body_length = body.length;
    return 0;
}

int mb_http_get(const char *url, const char *user_agent, long timeout_ms, size_t max_bytes,
                mb_http_response *response) {
    return request(url, user_agent, NULL, NULL, 0, timeout_ms, max_bytes, response);
}

int mb_http_post(const char *url, const char *user_agent, const char *content_type, const char *body,
                 size_t body_length, long timeout_ms, size_t max_bytes, mb_http_response *response) {
    return request(url, user_agent, content_type, body, body_length, timeout_ms, max_bytes, response);
}

typedef struct {
    const char *bytes;
    size_t length;
    size_t sent;
} upload;

static size_t next_bytes(char *into, size_t size, size_t count, void *source) {
    upload *message = source;
    size_t length = size * count, left = message->length - message->sent;
    if (length > left) length = left;
    memcpy(into, message->bytes + message->sent, length);
    message->sent += length;
    return length;
}

int mb_smtp_send(const char *url, const char *username, const char *password, const char *ca_file,
                 const char *from, const char *const *recipients, size_t recipient_count,
                 const char *message, size_t message_length, long timeout_ms, char error[256]) {
    error[0] = 0;
    pthread_once(&load_once, load);
    if (!curl.loaded) {
        snprintf(error, 256, "libcurl could not be loaded (Debian: apt-get install libcurl4)");
        return -1;
    }
    CURL *handle = curl.easy_init();
    if (!handle) {
        snprintf(error, 256, "libcurl could not start a request");
        return -1;
    }
    struct curl_slist *to = NULL;
    for (size_t index = 0; index < recipient_count; index++) to = curl.slist_append(to, recipients[index]);
    upload source = {.bytes = message, .length = message_length};
    char reason[ERROR_SIZE] = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)PROTO_SMTP);
    curl.easy_setopt(handle, OPT_USE_SSL, (long)USESSL_ALL);
    if (ca_file) curl.easy_setopt(handle, OPT_CAINFO, ca_file);
    if (username) curl.easy_setopt(handle, OPT_USERNAME, username);
    if (password) curl.easy_setopt(handle, OPT_PASSWORD, password);
    curl.easy_setopt(handle, OPT_MAIL_FROM, from);
    curl.easy_setopt(handle, OPT_MAIL_RCPT, to);
    curl.easy_setopt(handle, OPT_UPLOAD, 1L);
    curl.easy_setopt(handle, OPT_READFUNCTION, next_bytes);
    curl.easy_setopt(handle, OPT_READDATA, &source);
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(handle, OPT_ERRORBUFFER, reason);
    int code = curl.easy_perform(handle);
    curl.easy_cleanup(handle);
    curl.slist_free_all(to);
    if (code != 0) snprintf(error, 256, "%s", reason[0] ? reason : curl.easy_strerror(code));
    return code;
}

void mb_http_free(mb_http_response *response) {
    free(response->headers);
    free(response->body);
    response->headers = response->body = NULL;
}
