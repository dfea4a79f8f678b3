#ifndef MARKETBRIEF_SITE_SWAP_H
#define MARKETBRIEF_SITE_SWAP_H

/// Atomically exchanges two paths (both must exist): Linux renameat2(RENAME_EXCHANGE),
/// macOS renamex_np(RENAME_SWAP). Returns 0, or -1 with errno set.
int mb_exchange_paths(const char *first, const char *second);

#endif
