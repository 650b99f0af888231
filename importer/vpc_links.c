/* VPC links a document names by id only (an existing link, created outside
 * the template): the link becomes an existing element, and the load
 * balancer behind it, which nothing in the document names, a placeholder
 * the diagram's author completes. */
#include <string.h>

#include "importer.h"

const char *aw_import_existing_vpc_link(aw_import *im, const char *link_id, const aw_loc *loc, const char **listener)
{
    const char *key = aw_arena_printf(im->arena, "vpc-link %s", link_id);
    const aw_doc *known = aw_strset_find(&im->made, key);
    if (known) {
        const aw_doc *targets = aw_itree_get(known, "targets");
        *listener = targets->as.array.items[0]->as.string.chars;
        return aw_itree_id(known);
    }
    aw_doc *lb = aw_itree_node(im, "loadBalancer", aw_arena_printf(im->arena, "vpc-link-%s-target", link_id), loc);
    /* A REST API's VPC link reaches a Network Load Balancer. */
    aw_itree_set_string(im, lb, "type", "nlb", loc);
    aw_doc *link = aw_itree_node(im, "vpcLink", aw_arena_printf(im->arena, "vpc-link-%s", link_id), loc);
    aw_itree_set(im, link, "existing", aw_itree_bool(im, true, loc));
    aw_itree_set_string(im, link, "arn", link_id, loc);
    aw_doc *targets = aw_itree_array(im, loc);
    aw_itree_push(im, targets, aw_itree_string(im, aw_itree_id(lb), loc));
    aw_itree_set(im, link, "targets", targets);
    aw_import_node_made(im, key, link);
    aw_import_report(im, AW_SEV_WARNING, "AW-IMPORT-004", loc,
                     "VPC link %s exists outside the document: it is added as an existing link, with load balancer "
                     "'%s' behind it standing for the one the link reaches; set its listeners and capacity",
                     link_id, aw_itree_id(lb));
    *listener = aw_itree_id(lb);
    return aw_itree_id(link);
}
