/* The diagram format's JSON Schema over HTTP, as the library generates it
 * from the format's field tables (the document `archway schema` writes):
 * the canvas builds its inspector forms from it. */
#include <string.h>

#include "../compiler/readers.h"
#include "http.h"

void aw_api_schema_diagram(aw_request *rq, aw_reply *rp)
{
    (void)rq;
    const char *text = aw_json_schema_text();
    aw_strbuf_put(&rp->body, text, strlen(text));
    rp->type = "application/schema+json";
    rp->cache = "no-cache";     /* the same for as long as this server runs, but a new build may change it */
}
