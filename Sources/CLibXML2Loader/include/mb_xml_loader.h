#ifndef MARKETBRIEF_XML_LOADER_H
#define MARKETBRIEF_XML_LOADER_H

// Nothing to declare here: `mb_xml_load`, and the functions it loads, are declared in
// CLibXML2's shim.h, beside the libxml2 types they use.

#endif
