/* Where clients reach a stage: the custom domain's mapping of it, or the
 * API's execute-api address. Shared by the template's outputs, the
 * OpenAPI documents' servers and the documentation page. */
#ifndef AW_STAGE_URL_H
#define AW_STAGE_URL_H

#include "../ir/ir.h"
#include "../ir/strbuf.h"

/* The stage a custom domain maps at its base path: the production stage
 * (named prod or production, or tagged env=prod...), else the first. NULL
 * for an API without stages. */
const aw_node *aw_stage_url_domain_stage(const aw_node *const *stages, size_t count);

/* The path the API's custom domain maps stage at, appended to out (when
 * not NULL): the base path for the domain's stage (domain_stage, above);
 * "<base path>-<stage>" for the others when the default endpoint is off.
 * False when the domain does not map the stage (or the API has no domain). */
bool aw_stage_url_mapped_path(const aw_node *domain_stage, const aw_node *stage, aw_strbuf *out);

/* The address clients call the stage at, appended to out: its custom
 * domain mapping, else its execute-api URL with {apiId} and {region} left
 * as variables. False (nothing appended) when no client can reach it. */
bool aw_stage_url_write(const aw_node *domain_stage, const aw_node *stage, aw_strbuf *out);

#endif
