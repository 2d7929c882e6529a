/*
 * export/xmlw.c: the streaming XML writer of GraphML and GEXF (see xmlw.h).
 */
#include "export/xmlw.h"

/* libxml2's output callback: fwrite, always claiming success, since
 * libxml2 prints its own "I/O error" on stderr for a failed write; the
 * caller sees the failure in ferror(fp), and nothing more is written. */
static int write_cb(void *ctx, const char *buf, int len)
{
    FILE *fp = ctx;
    if (!ferror(fp)) fwrite(buf, 1, (size_t)len, fp);
    return len;
}

xmlTextWriterPtr kgx_xml_writer(FILE *fp)
{
    xmlOutputBufferPtr ob = xmlOutputBufferCreateIO(write_cb, NULL, fp, NULL);
    xmlTextWriterPtr w = ob ? xmlNewTextWriter(ob) : NULL;
    if (!w && ob) xmlOutputBufferClose(ob);
    return w;
}
