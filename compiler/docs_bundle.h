/* The documentation bundle of a diagram (`archway docs`): its design page
 * in Markdown, the picture it shows, and the OpenAPI documents it links
 * to, as files with relative names. Shared by the command line and any
 * other caller of the library; knows nothing of either. */
#ifndef AW_DOCS_BUNDLE_H
#define AW_DOCS_BUNDLE_H

#include "artifacts.h"
#include "../ir/strbuf.h"

/* How long the clients' traffic is simulated for the capacity and cost
 * figures (the fluid engine, so that any rate takes milliseconds). */
#define AW_DOCS_SIM_SECONDS 60

/* Fills out with the bundle of c, a compilation without errors that the
 * caller has linted as it sees fit: "<stem>.md", "<stem>.svg" and
 * "<stem>/<api>.openapi.json" for each HTTP and REST API. source is the
 * diagram's name as the page shows it. What the OpenAPI emitter reports
 * joins c->diags, as with aw_artifacts_build(). Returns false, with why in
 * err, only when the page cannot be written at all (out is then empty).
 * The same compilation gives the same bytes. Free out with
 * aw_artifacts_free(). */
bool aw_docs_bundle_build(aw_compilation *c, const char *source, const char *stem, aw_artifacts *out, aw_strbuf *err);

#endif
