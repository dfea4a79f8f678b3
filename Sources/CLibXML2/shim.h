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

// libxml2 is not linked: it is loaded at the first page or file checked (dlopen, in
// CLibXML2Loader), so the commands that check none (diff, verify, import…) start without it
// and the libraries it brings (ICU among them). The functions used are called through
// `mb_xml`, which `mb_xml_load` fills.

/// The libxml2 functions marketbrief calls, and its `xmlFree`.
struct mb_xml_functions {
    __typeof__(xmlInitParser) *xmlInitParser;
    __typeof__(xmlReadMemory) *xmlReadMemory;
    __typeof__(htmlReadMemory) *htmlReadMemory;
    __typeof__(xmlFreeDoc) *xmlFreeDoc;
    __typeof__(xmlSetStructuredErrorFunc) *xmlSetStructuredErrorFunc;
    __typeof__(xmlGetLineNo) *xmlGetLineNo;
    __typeof__(xmlStrEqual) *xmlStrEqual;
    __typeof__(xmlNodeListGetString) *xmlNodeListGetString;
    __typeof__(xmlNodeGetContent) *xmlNodeGetContent;
    __typeof__(xmlXPathNewContext) *xmlXPathNewContext;
    __typeof__(xmlXPathFreeContext) *xmlXPathFreeContext;
    __typeof__(xmlXPathRegisterNs) *xmlXPathRegisterNs;
    __typeof__(xmlXPathEvalExpression) *xmlXPathEvalExpression;
    __typeof__(xmlXPathFreeObject) *xmlXPathFreeObject;
    xmlFreeFunc *xmlFree;
};

/// The loaded functions; NULL when libxml2 (libxml2.so.2) cannot be loaded. Loads it, and
/// initializes the parser, at the first call only; safe from any thread.
const struct mb_xml_functions *mb_xml_load(void);

/// What `mb_xml_load` returned, read directly by the calls below (some run once an element or
/// an attribute): only valid once a call of `mb_xml_load` on this thread has returned non-NULL.
extern const struct mb_xml_functions *mb_xml_loaded;
#define MB_XML (*mb_xml_loaded)

static inline xmlDocPtr mb_xmlReadMemory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    return MB_XML.xmlReadMemory(buffer, size, url, encoding, options);
}
static inline htmlDocPtr mb_htmlReadMemory(const char *buffer, int size, const char *url, const char *encoding, int options) {
    return MB_XML.htmlReadMemory(buffer, size, url, encoding, options);
}
static inline void mb_xmlFreeDoc(xmlDocPtr document) { MB_XML.xmlFreeDoc(document); }
static inline void mb_xmlSetStructuredErrorFunc(void *context, xmlStructuredErrorFunc handler) {
    MB_XML.xmlSetStructuredErrorFunc(context, handler);
}
static inline long mb_xmlGetLineNo(const xmlNode *node) { return MB_XML.xmlGetLineNo(node); }
static inline int mb_xmlStrEqual(const xmlChar *a, const xmlChar *b) { return MB_XML.xmlStrEqual(a, b); }
static inline xmlChar *mb_xmlNodeListGetString(xmlDocPtr document, const xmlNode *list, int inLine) {
    return MB_XML.xmlNodeListGetString(document, list, inLine);
}
static inline xmlChar *mb_xmlNodeGetContent(const xmlNode *node) { return MB_XML.xmlNodeGetContent(node); }
static inline xmlXPathContextPtr mb_xmlXPathNewContext(xmlDocPtr document) { return MB_XML.xmlXPathNewContext(document); }
static inline void mb_xmlXPathFreeContext(xmlXPathContextPtr context) { MB_XML.xmlXPathFreeContext(context); }
static inline int mb_xmlXPathRegisterNs(xmlXPathContextPtr context, const xmlChar *prefix, const xmlChar *uri) {
    return MB_XML.xmlXPathRegisterNs(context, prefix, uri);
}
static inline xmlXPathObjectPtr mb_xmlXPathEvalExpression(const xmlChar *query, xmlXPathContextPtr context) {
    return MB_XML.xmlXPathEvalExpression(query, context);
}
static inline void mb_xmlXPathFreeObject(xmlXPathObjectPtr object) { MB_XML.xmlXPathFreeObject(object); }
/// `xmlFree` is a global function pointer, which Swift 6 rejects as unsafe to share.
static inline void mb_xml_free(void *pointer) { (*MB_XML.xmlFree)(pointer); }

#endif
