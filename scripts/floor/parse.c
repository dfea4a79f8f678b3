/* The floor of checking a page: libxml2 parsing each page in full, and nothing else.
 *
 *     parse FILE...      (or a list of files, one per line, on standard input: parse -)
 *
 * Reads every page into memory first, then parses each with the two parsers marketbrief's
 * validator uses, timing the CPU of each pass: the XML parser (xmlReadMemory, XML_PARSE_NONET),
 * which reads every page marketbrief writes, since they are well-formed XML, and the HTML parser
 * (htmlReadMemory, HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED), which reads any other page. Prints:
 *     pages N bytes B xml_ms_per_page X xml_wellformed K html_ms_per_page Y
 * where K is how many pages the XML parser read without an error (the XML time is a floor only
 * when K is N: it stops at a page's first error). */
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec now;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec + now.tv_nsec / 1e9;
}

static char *read_file(const char *path, long *size) {
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); exit(1); }
    fseek(file, 0, SEEK_END);
    *size = ftell(file);
    rewind(file);
    char *data = malloc(*size);
    if (fread(data, 1, *size, file) != (size_t)*size) { perror(path); exit(1); }
    fclose(file);
    return data;
}

static void quiet(void *context, const char *message, ...) { (void)context; (void)message; }

int main(int argc, char **argv) {
    size_t count = 0, capacity = 1024;
    char **pages = malloc(capacity * sizeof *pages);
    long *sizes = malloc(capacity * sizeof *sizes), total = 0;
    char line[4096];
    int from_stdin = argc == 2 && strcmp(argv[1], "-") == 0;
    for (int index = 1; from_stdin ? fgets(line, sizeof line, stdin) != NULL : index < argc; index++) {
        const char *path = from_stdin ? (line[strcspn(line, "\n")] = 0, line) : argv[index];
        if (count == capacity) {
            capacity *= 2;
            pages = realloc(pages, capacity * sizeof *pages);
            sizes = realloc(sizes, capacity * sizeof *sizes);
        }
        pages[count] = read_file(path, &sizes[count]);
        total += sizes[count++];
    }
    if (count == 0) { fprintf(stderr, "parse: no pages\n"); return 2; }
    xmlSetGenericErrorFunc(NULL, quiet);

    size_t wellformed = 0;
    double start = cpu_seconds();
    for (size_t i = 0; i < count; i++) {
        xmlParserCtxtPtr context = xmlNewParserCtxt();
        xmlDocPtr document = xmlCtxtReadMemory(context, pages[i], (int)sizes[i], "page.html", "UTF-8", XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
        if (document && context->wellFormed) wellformed++;
        xmlFreeDoc(document);
        xmlFreeParserCtxt(context);
    }
    double xml = cpu_seconds() - start;

    start = cpu_seconds();
    for (size_t i = 0; i < count; i++) {
        htmlDocPtr document = htmlReadMemory(pages[i], (int)sizes[i], "page.html", "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
        xmlFreeDoc(document);
    }
    double html = cpu_seconds() - start;
    printf("pages %zu bytes %ld xml_ms_per_page %.4f xml_wellformed %zu html_ms_per_page %.4f\n",
           count, total, xml * 1000 / count, wellformed, html * 1000 / count);
    return 0;
}
