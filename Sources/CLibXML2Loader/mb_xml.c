#include "../CLibXML2/shim.h"

#include <dlfcn.h>
#include <pthread.h>

static struct mb_xml_functions functions;
const struct mb_xml_functions *mb_xml_loaded;
static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load(void) {
    void *library = dlopen("libxml2.so.2", RTLD_NOW | RTLD_LOCAL);
    if (!library) return;
#define FIND(name) (functions.name = (__typeof__(functions.name))dlsym(library, #name))
    if (FIND(xmlInitParser) && FIND(xmlReadMemory) && FIND(htmlReadMemory) && FIND(xmlFreeDoc) &&
        FIND(xmlSetStructuredErrorFunc) && FIND(xmlGetLineNo) && FIND(xmlStrEqual) && FIND(xmlNodeListGetString) &&
        FIND(xmlNodeGetContent) && FIND(xmlXPathNewContext) && FIND(xmlXPathFreeContext) && FIND(xmlXPathRegisterNs) &&
        FIND(xmlXPathEvalExpression) && FIND(xmlXPathFreeObject) && FIND(xmlFree)) {
        functions.xmlInitParser();
        mb_xml_loaded = &functions;
    }
#undef FIND
}

const struct mb_xml_functions *mb_xml_load(void) {
    pthread_once(&load_once, load);
    return mb_xml_loaded;
}
