/* Canvas positions written back into a diagram's own text (`archway layout
 * --write`): only the position of each node changes; every other byte of
 * the file, comments, order and spacing included, stays as the user wrote it. */
#ifndef AW_POSITION_WRITE_H
#define AW_POSITION_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "../emitters/render.h"
#include "../ir/strbuf.h"

/* Rewrites text, the source the model was compiled from (JSON or XML), with
 * the positions of layout, into out (caller-owned). Returns false, with a
 * one-line reason in err, when a node cannot be found where the model says
 * it is (the file changed since it was compiled). */
bool aw_positions_write(const char *text, size_t len, const aw_layout *layout, aw_strbuf *out, aw_strbuf *err);

#endif
