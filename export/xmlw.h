/*
 * export/xmlw.h: the libxml2 text writer that GraphML and GEXF stream
 * through.  Module-private to export/ (libxml2 types stay out of
 * export_int.h).
 */
#ifndef KG_EXPORT_XMLW_H
#define KG_EXPORT_XMLW_H

#include <stdio.h>

#include <libxml/xmlwriter.h>

/* An XML writer straight onto fp (not closed with the writer), so the
 * document is never held whole in memory; NULL if libxml2 cannot make one.
 * A failed write shows in ferror(fp), and nothing more is written. */
xmlTextWriterPtr kgx_xml_writer(FILE *fp);

#endif
