/* Emitters: each writes one output format from the IR alone. Output goes
 * into a caller-owned aw_strbuf; the same model always gives the same bytes. */
#ifndef AW_EMITTERS_H
#define AW_EMITTERS_H

#include <stdbool.h>

#include "../ir/ir.h"
#include "../ir/strbuf.h"

/* The diagram in canonical JSON: the format's field order, defaults filled
 * in, maps sorted by key, unset values left out. With locations, every
 * object carries a "$location" member (file, line, column, path). */
void aw_emit_json(const aw_model *model, aw_strbuf *out, bool locations);

/* The same diagram in the XML spelling (no locations). */
void aw_emit_xml(const aw_model *model, aw_strbuf *out);

#endif
