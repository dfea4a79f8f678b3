#ifndef MARKETBRIEF_CZLIB_SHIM_H
#define MARKETBRIEF_CZLIB_SHIM_H

// zlib (Debian: zlib1g-dev): raw inflate and CRC-32 for the archive venue's zips.
#include <zlib.h>

/// `inflateInit2` is a macro, which Swift cannot call.
static inline int mb_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

#endif
