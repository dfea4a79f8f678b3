#ifndef MARKETBRIEF_CLIBXML2_SHIM_H
#define MARKETBRIEF_CLIBXML2_SHIM_H

// Debian builds libxml2 with ICU; its UErrorCode clashes with Foundation's
// unless ICU support is hidden from the headers we import.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a global function pointer, which Swift 6 rejects as unsafe to share.
static inline void mb_xml_free(void *pointer) { xmlFree(pointer); }

#endif
