/* A generated estate too big for one stack deploys as nested stacks: every
 * child within CloudFormation's limits, every value a child takes given by
 * the root from a parameter or from an earlier child's output, every
 * reference inside a child resolved there, every parameter used, and the
 * same bytes on every build. */
#include <jansson.h>

#include "test_support.h"
#include "../../bench/gen_diagram.h"
#include "../../compiler/artifacts.h"

#define ROUTES 400
#define DIAGRAM_HEAD "{\"archway\": 1, \"name\": \"t\", \"nodes\": [\n"
/* An HTTP API "big" with one function, integration and stage; its routes follow. */
#define BIG_HTTP_API                                                                                          \
    DIAGRAM_HEAD "{\"kind\": \"api\", \"id\": \"big\", \"type\": \"http\"},\n"                                  \
                 "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"                     \
                 "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"   \
                 "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"big\", \"autoDeploy\": true}"

typedef struct estate {
    aw_compilation comp;
    aw_artifacts arts;
    json_t *root;
} estate;

static void S_build(estate *e)
{
    size_t len;
    char *text = aw_bench_generate_json(ROUTES, &len);
    aw_compile_status st = aw_compile_buffer(&e->comp, "estate.json", text, len, AW_SPELLING_JSON);
    free(text);
    ck_assert_int_eq(st, AW_COMPILE_OK);
    bool ok = aw_artifacts_build(&e->comp, &e->arts);
    if (!ok)
        aw_test_dump_diags(&e->comp.diags);
    ck_assert(ok);
    json_error_t err;
    e->root = NULL;
    for (size_t i = 0; i < e->arts.count; i++)
        if (strcmp(e->arts.items[i].name, "template.json") == 0)
            e->root = json_loadb(e->arts.items[i].data, e->arts.items[i].len, 0, &err);
    ck_assert_ptr_nonnull(e->root);
}

static void S_free(estate *e)
{
    json_decref(e->root);
    aw_artifacts_free(&e->arts);
    aw_compilation_free(&e->comp);
}

/* Compiles and builds the diagram text (freed), which must deploy. */
static void S_build_text(estate *e, const char *name, aw_strbuf *text)
{
    ck_assert_int_eq(aw_compile_buffer(&e->comp, name, text->data, text->len, AW_SPELLING_JSON), AW_COMPILE_OK);
    aw_strbuf_free(text);
    e->root = NULL;
    bool ok = aw_artifacts_build(&e->comp, &e->arts);
    if (!ok)
        aw_test_dump_diags(&e->comp.diags);
    ck_assert(ok);
}

/* How many times needle occurs in text. */
static size_t S_count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = text; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static const aw_artifact *S_file(const estate *e, const char *name)
{
    for (size_t i = 0; i < e->arts.count; i++)
        if (strcmp(e->arts.items[i].name, name) == 0)
            return &e->arts.items[i];
    return NULL;
}

static bool S_pseudo(const char *name)
{
    return strncmp(name, "AWS::", 5) == 0;
}

/* The OpenAPI file `name` of the build holds text: an API written as
 * resources keeps its whole document there. */
static void S_assert_document_holds(const estate *e, const char *name, const char *text)
{
    const aw_artifact *doc = S_file(e, name);
    ck_assert_ptr_nonnull(doc);
    ck_assert_msg(strstr(doc->data, text), "%s lacks %s", name, text);
}

/* Every Ref, GetAtt and ${...} in v names a resource or parameter of t. */
static void S_assert_resolved(json_t *t, json_t *v, const char *where)
{
    json_t *resources = json_object_get(t, "Resources"), *params = json_object_get(t, "Parameters");
    const char *key;
    json_t *item;
    size_t i;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
            S_assert_resolved(t, item, where);
        return;
    }
    if (!json_is_object(v))
        return;
    json_t *ref = json_object_get(v, "Ref"), *getatt = json_object_get(v, "Fn::GetAtt");
    json_t *sub = json_object_get(v, "Fn::Sub");
    if (json_is_string(ref)) {
        const char *n = json_string_value(ref);
        ck_assert_msg(S_pseudo(n) || json_object_get(resources, n) || json_object_get(params, n),
                      "%s: Ref %s resolves to nothing", where, n);
    } else if (getatt) {
        const char *n = json_string_value(json_array_get(getatt, 0));
        ck_assert_msg(json_object_get(resources, n), "%s: GetAtt of %s, which is no resource", where, n);
    } else if (json_is_string(sub) || json_is_string(json_array_get(sub, 0))) {
        /* the text, and the values of its variables, which it may name too */
        json_t *text = json_is_string(sub) ? sub : json_array_get(sub, 0), *vars = json_array_get(sub, 1);
        S_assert_resolved(t, vars, where);
        for (const char *p = strstr(json_string_value(text), "${"); p; p = strstr(p + 2, "${")) {
            if (p[2] == '!')
                continue;
            char name[512];
            size_t n = strcspn(p + 2, ".}");
            ck_assert_uint_lt(n, sizeof name);
            memcpy(name, p + 2, n);
            name[n] = '\0';
            ck_assert_msg(S_pseudo(name) || json_object_get(resources, name) || json_object_get(params, name) ||
                              json_object_get(vars, name),
                          "%s: ${%s} resolves to nothing", where, name);
        }
    } else {
        json_object_foreach(v, key, item)
            S_assert_resolved(t, item, where);
    }
}

/* A child: within the limits, references resolved, parameters used. */
static json_t *S_check_child(const aw_artifact *a)
{
    ck_assert_uint_le(a->len, 1024 * 1024);
    json_error_t err;
    json_t *t = json_loadb(a->data, a->len, 0, &err);
    ck_assert_msg(t, "%s: %s", a->name, err.text);
    ck_assert_uint_le(json_object_size(json_object_get(t, "Resources")), 500);
    ck_assert_uint_le(json_object_size(json_object_get(t, "Parameters")), 200);
    ck_assert_uint_le(json_object_size(json_object_get(t, "Outputs")), 200);
    S_assert_resolved(t, json_object_get(t, "Resources"), a->name);
    S_assert_resolved(t, json_object_get(t, "Outputs"), a->name);
    const char *name;
    json_t *p;
    json_object_foreach(json_object_get(t, "Parameters"), name, p) {
        char ref[600], sub[600];
        snprintf(ref, sizeof ref, "{\"Ref\": \"%s\"}", name);
        snprintf(sub, sizeof sub, "${%s}", name);
        ck_assert_msg(strstr(a->data, ref) || strstr(a->data, sub), "%s: parameter %s is never used", a->name, name);
    }
    return t;
}

/* The build's child templates, each checked (S_check_child): how many
 * there are, and how often each of the n needles occurs in them (counts). */
static size_t S_count_in_children(const estate *e, const char *const *needles, size_t *counts, size_t n)
{
    size_t children = 0;
    for (size_t i = 0; i < e->arts.count; i++) {
        const aw_artifact *a = &e->arts.items[i];
        if (strncmp(a->name, "template-part", 13) != 0)
            continue;
        children++;
        json_decref(S_check_child(a));
        for (size_t k = 0; k < n; k++)
            counts[k] += S_count(a->data, needles[k]);
    }
    return children;
}

/* The child (0 for template-part1.json) that root stack `id` holds. */
static size_t S_part_of(json_t *root, const char *id)
{
    json_t *stack = json_object_get(json_object_get(root, "Resources"), id);
    const char *url = json_string_value(json_object_get(json_object_get(stack, "Properties"), "TemplateURL"));
    size_t part = 0;
    ck_assert_msg(url && sscanf(url, "template-part%zu.json", &part) == 1 && part >= 1, "%s is no child stack", id);
    return part - 1;
}

/* The root's stack resource of child k (0 for template-part1.json), and its id. */
static json_t *S_stack_of(json_t *root, size_t k, const char **id)
{
    json_t *stack;
    json_object_foreach(json_object_get(root, "Resources"), *id, stack)
        if (S_part_of(root, *id) == k)
            return stack;
    ck_abort_msg("no stack holds template-part%zu.json", k + 1);
    return NULL;
}

/* The value the root gives a child's parameter comes from a root parameter
 * or from an output that an earlier child has. */
static void S_assert_given(const estate *e, json_t *value, json_t **children, size_t child, const char *param)
{
    json_t *ref = json_object_get(value, "Ref");
    if (ref) {
        ck_assert_str_eq(json_string_value(ref), param);
        ck_assert_ptr_nonnull(json_object_get(json_object_get(e->root, "Parameters"), param));
        return;
    }
    json_t *getatt = json_object_get(value, "Fn::GetAtt");
    char output[600];
    size_t from = S_part_of(e->root, json_string_value(json_array_get(getatt, 0)));
    ck_assert_int_eq(sscanf(json_string_value(json_array_get(getatt, 1)), "Outputs.%599s", output), 1);
    ck_assert_msg(from < child, "part %zu takes %s from part %zu, not an earlier one", child + 1, param, from + 1);
    ck_assert_msg(json_object_get(json_object_get(children[from], "Outputs"), output), "part %zu has no output %s",
                  from + 1, output);
}

/* The list that output `output` of the child stack `given` names gives
 * (its Fn::Join's items). */
static json_t *S_bundle_items(json_t *root, json_t **children, size_t child, json_t *given)
{
    json_t *getatt = json_object_get(given, "Fn::GetAtt");
    char output[600];
    size_t from = S_part_of(root, json_string_value(json_array_get(getatt, 0)));
    ck_assert_int_eq(sscanf(json_string_value(json_array_get(getatt, 1)), "Outputs.%599s", output), 1);
    ck_assert_uint_lt(from, child);
    json_t *value = json_object_get(json_object_get(json_object_get(children[from], "Outputs"), output), "Value");
    json_t *join = json_object_get(value, "Fn::Join");
    ck_assert_str_eq(json_string_value(json_array_get(join, 0)), ",");
    return json_array_get(join, 1);
}

/* Every pick from a bundle in child `child` ({"Fn::Select": [i, {"Ref":
 * P}]}, P a list parameter) names an item of the list the root passes it;
 * a variable of an Fn::Sub, named after what it carries as a parameter
 * would be (ID for a Ref, ID and attribute for an attribute), gets exactly
 * that. Returns how many picks v holds. */
typedef struct pick_site {
    json_t *root, *stack;       /* the root template; its stack resource of the child */
    json_t **children;          /* the children read so far */
    size_t child;               /* the one whose picks are checked */
} pick_site;

static size_t S_check_picks(const pick_site *at, json_t *v, const char *var)
{
    json_t *stack = at->stack, **children = at->children;
    size_t child = at->child;
    size_t picks = 0, i;
    const char *key;
    json_t *item;
    if (json_is_array(v)) {
        json_array_foreach(v, i, item)
            picks += S_check_picks(at, item, NULL);
        return picks;
    }
    json_t *select = json_object_get(v, "Fn::Select"), *sub = json_object_get(v, "Fn::Sub");
    if (select) {
        const char *param = json_string_value(json_object_get(json_array_get(select, 1), "Ref"));
        ck_assert_ptr_nonnull(param);
        json_t *declared = json_object_get(json_object_get(children[child], "Parameters"), param);
        ck_assert_str_eq(json_string_value(json_object_get(declared, "Type")), "CommaDelimitedList");
        json_t *given = json_object_get(json_object_get(json_object_get(stack, "Properties"), "Parameters"), param);
        json_t *items = S_bundle_items(at->root, children, child, given);
        size_t index = (size_t)json_integer_value(json_array_get(select, 0));
        ck_assert_msg(index < json_array_size(items), "part %zu picks item %zu of %s, which has %zu", child + 1, index,
                      param, json_array_size(items));
        if (var) {
            json_t *picked = json_array_get(items, index), *held = json_object_get(picked, "Fn::If");
            if (held)       /* a conditional resource's: {"Fn::If": [C, value, "-"]} */
                picked = json_array_get(held, 1);
            json_t *getatt = json_object_get(picked, "Fn::GetAtt");
            char carried[600];
            if (getatt)
                snprintf(carried, sizeof carried, "%s%s", json_string_value(json_array_get(getatt, 0)),
                         json_string_value(json_array_get(getatt, 1)));
            else
                snprintf(carried, sizeof carried, "%s", json_string_value(json_object_get(picked, "Ref")));
            ck_assert_str_eq(carried, var);
        }
        return 1;
    }
    if (json_is_array(sub)) {
        json_object_foreach(json_array_get(sub, 1), key, item)
            picks += S_check_picks(at, item, key);
        return picks;
    }
    json_object_foreach(v, key, item)
        picks += S_check_picks(at, item, NULL);
    return picks;
}

START_TEST(test_estate_splits_into_nested_stacks_within_limits)
{
    estate e;
    S_build(&e);
    json_t *stacks = json_object_get(e.root, "Resources");
    size_t count = json_object_size(stacks);
    ck_assert_uint_ge(count, 3);
    json_t **children = calloc(count, sizeof *children);
    size_t resources = 0, picked = 0;
    for (size_t k = 0; k < count; k++) {
        char file[64];
        const char *id;
        snprintf(file, sizeof file, "template-part%zu.json", k + 1);
        json_t *stack = S_stack_of(e.root, k, &id);
        ck_assert_str_eq(json_string_value(json_object_get(stack, "Type")), "AWS::CloudFormation::Stack");
        json_t *props = json_object_get(stack, "Properties");
        const aw_artifact *a = S_file(&e, file);
        ck_assert_ptr_nonnull(a);
        children[k] = S_check_child(a);
        resources += json_object_size(json_object_get(children[k], "Resources"));
        json_t *given = json_object_get(props, "Parameters"), *declared = json_object_get(children[k], "Parameters");
        ck_assert_uint_eq(json_object_size(given), json_object_size(declared));
        const char *name;
        json_t *value;
        json_object_foreach(declared, name, value)
            S_assert_given(&e, json_object_get(given, name), children, k, name);
        picked += S_check_picks(&(pick_site){e.root, stack, children, k}, json_object_get(children[k], "Resources"), NULL);
    }
    ck_assert_uint_gt(resources, 500);
    /* Functions and the APIs that call them land in different children:
     * their ARNs cross in bundles. */
    ck_assert_uint_gt(picked, 100);
    /* The root's outputs read the children's: ${<Child>Stack.Outputs.X}. */
    const char *name;
    json_t *output;
    size_t read = 0;
    json_object_foreach(json_object_get(e.root, "Outputs"), name, output) {
        const char *text = json_string_value(json_object_get(json_object_get(output, "Value"), "Fn::Sub"));
        for (const char *p = text ? strstr(text, ".Outputs.") : NULL; p; p = strstr(p + 1, ".Outputs.")) {
            const char *open = p;
            while (open > text && open[-1] != '{')
                open--;
            char stack[300], out[600];
            ck_assert_uint_lt((size_t)(p - open), sizeof stack);
            memcpy(stack, open, (size_t)(p - open));
            stack[p - open] = '\0';
            ck_assert_int_eq(sscanf(p, ".Outputs.%599[A-Za-z0-9]}", out), 1);
            ck_assert_msg(json_object_get(json_object_get(children[S_part_of(e.root, stack)], "Outputs"), out),
                          "%s: no output %s", name, out);
            read++;
        }
    }
    ck_assert_uint_gt(read, 0);
    ck_assert_ptr_null(S_file(&e, "template-part0.json"));
    for (size_t k = 0; k < count; k++)
        json_decref(children[k]);
    free(children);
    S_free(&e);
}
END_TEST

START_TEST(test_estate_builds_the_same_bytes)
{
    estate a, b;
    S_build(&a);
    S_build(&b);
    ck_assert_uint_eq(a.arts.count, b.arts.count);
    for (size_t i = 0; i < a.arts.count; i++) {
        ck_assert_str_eq(a.arts.items[i].name, b.arts.items[i].name);
        ck_assert_uint_eq(a.arts.items[i].len, b.arts.items[i].len);
        ck_assert(memcmp(a.arts.items[i].data, b.arts.items[i].data, a.arts.items[i].len) == 0);
    }
    S_free(&a);
    S_free(&b);
}
END_TEST

/* One HTTP API of 1,500 routes would be one resource, its body, bigger than
 * any nested stack can hold: it keeps its Route and Integration resources,
 * which the splitter spreads over children, and the whole builds. */
START_TEST(test_api_too_big_for_a_body_keeps_its_resources)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, BIG_HTTP_API);
    for (int k = 0; k < 1500; k++)
        aw_strbuf_printf(&text, ",\n{\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"big\", \"method\": \"GET\", "
                                "\"path\": \"/items%d/{id}\", \"integration\": \"i\", \"authorizer\": \"none\", "
                                "\"noneReason\": \"public\"}", k, k);
    aw_strbuf_puts(&text, "\n]}\n");
    estate e;
    S_build_text(&e, "big.json", &text);
    size_t children = 0, routes = 0, bodies = 0;
    for (size_t i = 0; i < e.arts.count; i++) {
        if (strncmp(e.arts.items[i].name, "template", 8) != 0)
            continue;
        children += strncmp(e.arts.items[i].name, "template-part", 13) == 0;
        ck_assert_uint_le(e.arts.items[i].len, 1024 * 1024);
        routes += S_count(e.arts.items[i].data, "\"Type\": \"AWS::ApiGatewayV2::Route\"");
        bodies += strstr(e.arts.items[i].data, "\"Body\":") != NULL;
    }
    ck_assert_uint_ge(children, 2);
    ck_assert_uint_eq(routes, 1500);
    ck_assert_uint_eq(bodies, 0);
    S_free(&e);
}
END_TEST

/* One REST API of 600 routes with CORS and a Lambda authorizer: its body
 * (some 2.4 MB) is more than a nested stack holds, so the template writes
 * it as resources (a Resource per path, a Method per operation), spread
 * over children with each path beside the first method that uses it; its
 * OpenAPI file is still the whole document. */
START_TEST(test_rest_api_too_big_for_a_body_is_written_as_resources)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, DIAGRAM_HEAD
                          "{\"kind\": \"api\", \"id\": \"big\", \"type\": \"rest\", "
                          "\"cors\": {\"allowOrigins\": [\"https://shop.example.com\"]}},\n"
                          "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                          "{\"kind\": \"function\", \"id\": \"gate\", \"runtime\": \"nodejs22.x\"},\n"
                          "{\"kind\": \"authorizer\", \"id\": \"auth\", \"type\": \"lambda\", \"function\": \"gate\"},\n"
                          "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                          "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"big\"}");
    for (int k = 0; k < 600; k++)
        aw_strbuf_printf(&text, ",\n{\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"big\", \"method\": \"GET\", "
                                "\"path\": \"/items%d/{id}\", \"integration\": \"i\", \"authorizer\": \"auth\"}", k, k);
    aw_strbuf_puts(&text, "\n]}\n");
    estate e;
    S_build_text(&e, "big.json", &text);
    static const char *const needles[] = {"\"Type\": \"AWS::ApiGateway::Method\"",
                                          "\"Type\": \"AWS::ApiGateway::Resource\"", "\"Body\":"};
    size_t counts[3] = {0};
    ck_assert_uint_ge(S_count_in_children(&e, needles, counts, 3), 3);
    ck_assert_uint_eq(counts[0], 1200);     /* each GET and its CORS preflight */
    ck_assert_uint_eq(counts[1], 1200);     /* /itemsN and /itemsN/{id} */
    ck_assert_uint_eq(counts[2], 0);
    S_assert_document_holds(&e, "big.openapi.json", "\"/items599/{id}\"");
    S_free(&e);
}
END_TEST

/* A REST API whose body alone would fit a nested stack but not with its
 * tags (50 long ones): it is measured whole, tags included, and written as
 * resources rather than refused; a second API makes the template split. */
START_TEST(test_rest_body_is_measured_with_its_tags)
{
    aw_strbuf text = AW_STRBUF_INIT, tags = AW_STRBUF_INIT;
    for (int k = 0; k < 50; k++) {
        aw_strbuf_printf(&tags, "%s\"tag%02d", k ? ", " : "", k);
        for (int c = 0; c < 100; c++)
            aw_strbuf_putc(&tags, 'k');
        aw_strbuf_puts(&tags, "\": \"");
        for (int c = 0; c < 256; c++)
            aw_strbuf_putc(&tags, 'v');
        aw_strbuf_putc(&tags, '"');
    }
    aw_strbuf_printf(&text, DIAGRAM_HEAD "{\"kind\": \"api\", \"id\": \"big\", \"type\": \"rest\", \"tags\": {%s}},\n"
                            "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                            "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"},\n"
                            "{\"kind\": \"stage\", \"id\": \"s\", \"name\": \"prod\", \"api\": \"big\"},\n"
                            "{\"kind\": \"api\", \"id\": \"other\", \"type\": \"http\"}", tags.data);
    aw_strbuf_free(&tags);
    for (int k = 0; k < 474; k++)
        aw_strbuf_printf(&text, ",\n{\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"big\", \"method\": \"GET\", "
                                "\"path\": \"/items%d/{id}\", \"integration\": \"i\", \"authorizer\": \"none\", "
                                "\"noneReason\": \"public\"}", k, k);
    for (int k = 0; k < 300; k++)
        aw_strbuf_printf(&text, ",\n{\"kind\": \"function\", \"id\": \"f%d\", \"runtime\": \"nodejs22.x\"},\n"
                                "{\"kind\": \"integration\", \"id\": \"i%d\", \"type\": \"lambda\", \"function\": \"f%d\"},\n"
                                "{\"kind\": \"route\", \"id\": \"o%d\", \"api\": \"other\", \"method\": \"GET\", "
                                "\"path\": \"/o%d\", \"integration\": \"i%d\", \"authorizer\": \"none\", "
                                "\"noneReason\": \"public\"}", k, k, k, k, k, k);
    aw_strbuf_puts(&text, "\n]}\n");
    estate e;
    S_build_text(&e, "tagged.json", &text);
    static const char *const needles[] = {"\"Type\": \"AWS::ApiGateway::Method\"", "\"Body\":"};
    size_t counts[2] = {0};
    ck_assert_uint_ge(S_count_in_children(&e, needles, counts, 2), 2);
    ck_assert_uint_eq(counts[0], 474);
    S_free(&e);
}
END_TEST

/* 70 APIs of three stages each: 210 invoke URLs, more outputs than a
 * template may give (200), though their resources would fit one stack. The
 * template is split, and each URL is an output of the child that holds its
 * API, resolved there; the root gives none. Half the APIs name a stage by
 * a template parameter, whose Ref the URL then holds: the outputs' text
 * changes length as parameters are filled in, and each output is still
 * cut where it starts. */
START_TEST(test_more_stages_than_outputs_give_their_urls_from_children)
{
    aw_strbuf text = AW_STRBUF_INIT;
    aw_strbuf_puts(&text, "{\"archway\": 1, \"name\": \"t\", \"parameters\": [{\"name\": \"Env\", \"default\": \"dev\"}],\n"
                          "\"nodes\": [\n"
                          "{\"kind\": \"function\", \"id\": \"fn\", \"runtime\": \"nodejs22.x\"},\n"
                          "{\"kind\": \"integration\", \"id\": \"i\", \"type\": \"lambda\", \"function\": \"fn\"}");
    static const char *const stages[] = {"dev", "staging", "prod"};
    for (int k = 0; k < 70; k++) {
        aw_strbuf_printf(&text, ",\n{\"kind\": \"api\", \"id\": \"a%d\", \"type\": \"http\"},\n"
                                "{\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"a%d\", \"method\": \"GET\", "
                                "\"path\": \"/x\", \"integration\": \"i\", \"authorizer\": \"none\", "
                                "\"noneReason\": \"public\"}", k, k, k);
        for (int st = 0; st < 3; st++)
            aw_strbuf_printf(&text, ",\n{\"kind\": \"stage\", \"id\": \"a%d-%s\", \"name\": \"%s\", \"api\": \"a%d\", "
                                    "\"autoDeploy\": true}", k, stages[st], st == 0 && k % 2 ? "${param:Env}" : stages[st], k);
    }
    aw_strbuf_puts(&text, "\n]}\n");
    estate e;
    S_build_text(&e, "many.json", &text);
    size_t urls = 0, children = 0, by_parameter = 0;
    for (size_t i = 0; i < e.arts.count; i++) {
        const aw_artifact *a = &e.arts.items[i];
        if (strcmp(a->name, "template.json") == 0) {
            json_error_t err;
            json_t *root = json_loadb(a->data, a->len, 0, &err);
            ck_assert_ptr_nonnull(root);
            ck_assert_ptr_null(json_object_get(root, "Outputs"));
            json_decref(root);
        }
        if (strncmp(a->name, "template-part", 13) != 0)
            continue;
        children++;
        json_t *child = S_check_child(a);     /* each output's value resolved in its child */
        const char *name;
        json_t *output;
        json_object_foreach(json_object_get(child, "Outputs"), name, output) {
            const char *url = json_string_value(json_object_get(json_object_get(output, "Value"), "Fn::Sub"));
            if (!strstr(name, "InvokeUrl"))
                continue;
            urls++;
            ck_assert_ptr_nonnull(url);
            ck_assert_ptr_nonnull(strstr(url, "https://${A"));
            ck_assert_ptr_nonnull(strstr(url, ".execute-api.${AWS::Region}.${AWS::URLSuffix}/"));
            by_parameter += strstr(url, "/${Env}") != NULL;
        }
        json_decref(child);
    }
    ck_assert_uint_ge(children, 1);
    ck_assert_uint_eq(urls, 210);
    ck_assert_uint_eq(by_parameter, 35);
    S_free(&e);
}
END_TEST

/* An HTTP API of 400 routes, under the 500 whose body would be one
 * resource, but with a long description each: the body (some 2.7 MB)
 * would not fit a nested stack, so the template takes it back and writes
 * the API as resources, which the split spreads; the routes' design facts
 * go with their resources, and the OpenAPI file is still the document. */
START_TEST(test_http_body_too_big_for_a_stack_is_written_as_resources)
{
    aw_strbuf text = AW_STRBUF_INIT, description = AW_STRBUF_INIT;
    for (int k = 0; k < 150; k++)
        aw_strbuf_puts(&description, "Returns the item and its history. ");
    aw_strbuf_puts(&text, BIG_HTTP_API);
    for (int k = 0; k < 400; k++)
        aw_strbuf_printf(&text, ",\n{\"kind\": \"route\", \"id\": \"r%d\", \"api\": \"big\", \"method\": \"GET\", "
                                "\"path\": \"/items%d/{id}\", \"integration\": \"i\", \"authorizer\": \"none\", "
                                "\"noneReason\": \"public\", \"description\": \"%s\"}", k, k, description.data);
    aw_strbuf_puts(&text, "\n]}\n");
    aw_strbuf_free(&description);
    estate e;
    S_build_text(&e, "big.json", &text);
    static const char *const needles[] = {"\"Type\": \"AWS::ApiGatewayV2::Route\"", "\"Body\":",
                                          "Returns the item and its history."};
    size_t counts[3] = {0};
    ck_assert_uint_ge(S_count_in_children(&e, needles, counts, 3), 2);
    ck_assert_uint_eq(counts[0], 400);
    ck_assert_uint_eq(counts[1], 0);
    ck_assert_uint_eq(counts[2], 400 * 150);    /* each route's, in its design facts */
    S_assert_document_holds(&e, "big.openapi.json", "\"/items399/{id}\"");
    S_free(&e);
}
END_TEST

/* The length of the API's name that begins a child's stack id:
 * "Orders1Part2Stack" and "Orders1Stack" both begin with "Orders1". */
static size_t S_stem_len(const char *stack)
{
    size_t n = strlen(stack) - 5;     /* "Stack" */
    size_t digits = n;
    while (digits && stack[digits - 1] >= '0' && stack[digits - 1] <= '9')
        digits--;
    return digits != n && digits >= 4 && strncmp(stack + digits - 4, "Part", 4) == 0 ? digits - 4 : n;
}

/* Where each resource of a nested build is: logical id -> the root's stack id. */
static json_t *S_stacks_by_resource(const estate *e)
{
    json_t *where = json_object(), *stack;
    const char *id;
    json_object_foreach(json_object_get(e->root, "Resources"), id, stack) {
        char file[64];
        snprintf(file, sizeof file, "template-part%zu.json", S_part_of(e->root, id) + 1);
        const aw_artifact *a = S_file(e, file);
        json_error_t err;
        json_t *child = json_loadb(a->data, a->len, 0, &err), *res;
        const char *rid;
        json_object_foreach(json_object_get(child, "Resources"), rid, res)
            json_object_set_new(where, rid, json_pack("{s:s, s:O}", "stack", id, "type", json_object_get(res, "Type")));
        json_decref(child);
    }
    return where;
}

/* Routes added to one API so that it needs another child move nothing of
 * any other API, and nothing of its own that CloudFormation would make
 * again and refuse or give a new identity (its RestApi or Api, stages, API
 * keys): children are named after the API they serve, and an API's core
 * keeps a child of its own. Only its functions, their roles, versions,
 * aliases and permissions, and its deployment, may change child. */
START_TEST(test_added_routes_move_only_their_own_apis_functions)
{
    estate before, after;
    S_build(&before);
    size_t len;
    char *text = aw_bench_generate_json(ROUTES, &len);
    json_error_t err;
    json_t *doc = json_loadb(text, len, 0, &err), *nodes = json_object_get(doc, "nodes"), *node, *first = NULL;
    free(text);
    size_t i;
    json_array_foreach(nodes, i, node)
        if (!first && strcmp(json_string_value(json_object_get(node, "kind")), "route") == 0)
            first = node;
    /* each with a function of its own, behind an integration of its own */
    json_t *integ = NULL, *fn = NULL;
    const char *integ_id = json_string_value(json_object_get(first, "integration"));
    json_array_foreach(nodes, i, node)
        if (strcmp(json_string_value(json_object_get(node, "id")), integ_id) == 0)
            integ = node;
    const char *fn_id = json_string_value(json_object_get(integ, "function"));
    json_array_foreach(nodes, i, node)
        if (strcmp(json_string_value(json_object_get(node, "id")), fn_id) == 0)
            fn = node;
    ck_assert_ptr_nonnull(fn);
    for (int k = 0; k < 150; k++) {
        json_t *route = json_deep_copy(first), *integration = json_deep_copy(integ), *function = json_deep_copy(fn);
        char id[300], path[300];
        snprintf(id, sizeof id, "added-fn-%d", k);
        json_object_set_new(function, "id", json_string(id));
        json_object_set_new(integration, "function", json_string(id));
        snprintf(id, sizeof id, "added-integ-%d", k);
        json_object_set_new(integration, "id", json_string(id));
        json_object_set_new(route, "integration", json_string(id));
        snprintf(id, sizeof id, "added-route-%d", k);
        snprintf(path, sizeof path, "%s/added%d", json_string_value(json_object_get(first, "path")), k);
        json_object_set_new(route, "id", json_string(id));
        json_object_set_new(route, "path", json_string(path));
        json_array_insert_new(nodes, 1, route);
        json_array_append_new(nodes, integration);
        json_array_append_new(nodes, function);
    }
    aw_strbuf grown = AW_STRBUF_INIT;
    char *dumped = json_dumps(doc, JSON_INDENT(1));
    aw_strbuf_puts(&grown, dumped);
    free(dumped);
    S_build_text(&after, "grown.json", &grown);
    json_error_t root_err;
    after.root = json_loadb(S_file(&after, "template.json")->data, S_file(&after, "template.json")->len, 0, &root_err);
    ck_assert_uint_gt(json_object_size(json_object_get(after.root, "Resources")),
                      json_object_size(json_object_get(before.root, "Resources")));
    json_t *was = S_stacks_by_resource(&before), *now = S_stacks_by_resource(&after), *at;
    const char *rid;
    size_t moved = 0;
    json_object_foreach(was, rid, at) {
        json_t *then = json_object_get(now, rid);
        if (!then || json_equal(json_object_get(at, "stack"), json_object_get(then, "stack")))
            continue;
        moved++;
        const char *type = json_string_value(json_object_get(at, "type"));
        static const char *const movable[] = {"AWS::Lambda::Function", "AWS::IAM::Role", "AWS::Lambda::Permission",
                                              "AWS::Lambda::Version", "AWS::Lambda::Alias",
                                              "AWS::ApiGateway::Deployment", "AWS::ApiGatewayV2::Deployment"};
        bool may = false;
        for (size_t t = 0; t < sizeof movable / sizeof *movable; t++)
            may |= strcmp(type, movable[t]) == 0;
        const char *from = json_string_value(json_object_get(at, "stack")),
                   *to = json_string_value(json_object_get(then, "stack"));
        ck_assert_msg(may, "%s (%s) moved from %s to %s", rid, type, from, to);
        ck_assert_msg(S_stem_len(from) == S_stem_len(to) && strncmp(from, to, S_stem_len(from)) == 0,
                      "%s moved from %s to %s, a child of another API", rid, from, to);
    }
    ck_assert_uint_gt(moved, 0);
    json_decref(was);
    json_decref(now);
    json_decref(doc);
    S_free(&before);
    S_free(&after);
}
END_TEST

static Suite *S_suite(void)
{
    Suite *s = suite_create("estate");
    TCase *tc = aw_test_tcase(s, "nested stacks", NULL, NULL);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_estate_splits_into_nested_stacks_within_limits);
    tcase_add_test(tc, test_estate_builds_the_same_bytes);
    tcase_add_test(tc, test_api_too_big_for_a_body_keeps_its_resources);
    tcase_add_test(tc, test_http_body_too_big_for_a_stack_is_written_as_resources);
    tcase_add_test(tc, test_added_routes_move_only_their_own_apis_functions);
    tcase_add_test(tc, test_rest_body_is_measured_with_its_tags);
    tcase_add_test(tc, test_rest_api_too_big_for_a_body_is_written_as_resources);
    tcase_add_test(tc, test_more_stages_than_outputs_give_their_urls_from_children);
    return s;
}

AW_TEST_MAIN(S_suite)
