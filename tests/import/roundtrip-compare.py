#!/usr/bin/env python3
"""Names what of a sample did not come back through build and import.

Usage: roundtrip-compare.py SAMPLE.ir.json IMPORTED.ir.json

Both files are canonical IR (`archway ir`). Elements are matched by what
identifies them in AWS: an API by its name, a route by its API and method and
path (or route key), a stage by its API and stage name, a usage plan or API
key by its name; every other element (functions, integrations, clients,
stores, ...) by its id, which the build's metadata carries (docs/import.md).
Each matched element is compared field by field, its id and position
included, references followed to what they name; edges are compared whole.
The output lists every difference and every element with no counterpart,
one line each, sorted; "nothing missing" when the round trip is exact.

Where the template says the same thing in another spelling, both sides are
compared in one (see NORMALISED below and docs/import.md)."""
import json
import sys

# The kind is part of the identity each element is matched by.
IGNORED = {"kind"}
# A REST model's schema is draft 4 whether it says so or not (API Gateway
# reads no other), and an OpenAPI components schema may not say it.
DRAFT4 = "http://json-schema.org/draft-04/schema#"
REFERENCE_FIELDS = {"api", "integration", "authorizer", "function", "defaultAuthorizer", "stage", "stages",
                    "apiKeys", "target", "vpcLink", "listener", "backend", "targets", "route"}


def load(path):
    with open(path) as f:
        model = json.load(f)
    return model, {n["id"]: n for n in model.get("nodes", [])}


def api_key(nodes, api_id):
    api = nodes.get(api_id, {})
    return "%s API %s" % (api.get("type", "?"), api.get("name", api_id))


def identity(node, nodes):
    kind = node["kind"]
    if kind == "api":
        return api_key(nodes, node["id"])
    if kind == "route":
        what = node.get("routeKey") or "%s %s" % (node.get("method"), node.get("path"))
        return "%s: route %s" % (api_key(nodes, node.get("api")), what)
    if kind == "stage":
        return "%s: stage %s" % (api_key(nodes, node.get("api")), node.get("name"))
    if kind in ("usagePlan", "apiKey"):
        return "%s %s" % (kind, node.get("name", node["id"]))
    return None


def described(value, nodes, seen):
    """A reference as the identity (or the fields) of what it names."""
    if isinstance(value, list):
        return sorted(json.dumps(described(v, nodes, seen), sort_keys=True) for v in value)
    node = nodes.get(value)
    if node is None:
        return value
    ident = identity(node, nodes)
    if ident:
        return ident
    if value in seen:
        return node["kind"]
    return fields(node, nodes, seen | {value})


def fields(node, nodes, seen=frozenset()):
    out = {}
    for key, value in node.items():
        if key in IGNORED:
            continue
        if key in REFERENCE_FIELDS:
            value = described(value, nodes, seen)
        elif key == "models":
            # A model's schema is JSON text: compared for its meaning, not its spacing.
            value = [{**m, "schema": normalised_schema(json.loads(m["schema"]))} for m in value]
        elif key == "resourcePolicy":
            value = normalised_policy(value)
        elif key == "customDomain" and value.get("basePath") == "":
            # An empty base path is the domain's root, as no base path is.
            value = {k: v for k, v in value.items() if k != "basePath"}
        elif key == "gatewayResponses":
            # One response per type: the order they are written in says nothing.
            value = sorted(value, key=lambda r: r["type"])
        elif key == "routeThrottles":
            value = sorted(json.dumps({**t, "route": described(t["route"], nodes, seen)}, sort_keys=True)
                           for t in value)
        out[key] = value
    return out


def normalised_schema(schema):
    if isinstance(schema, dict) and schema.get("$schema") == DRAFT4:
        return {k: v for k, v in schema.items() if k != "$schema"}
    return schema


def normalised_policy(policy):
    """A statement's actions default to execute-api:Invoke, the only action
    an API's resource policy grants."""
    statements = []
    for st in policy.get("statements", []):
        if st.get("actions") == ["execute-api:Invoke"]:
            st = {k: v for k, v in st.items() if k != "actions"}
        statements.append(st)
    return {**policy, "statements": statements}


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten("%s.%s" % (prefix, k) if prefix else k, v, out)
    else:
        out[prefix] = value


def index(model, nodes):
    found = {}
    for node in model.get("nodes", []):
        ident = identity(node, nodes) or "%s %s" % (node["kind"], node["id"])
        found[ident] = node
    return found


def name_of(node_id, nodes):
    node = nodes.get(node_id)
    if node is None:
        return node_id
    return identity(node, nodes) or "%s %s" % (node["kind"], node_id)


def edge_lines(model, nodes):
    """Each edge as one line, its ends by what they identify."""
    lines = set()
    for edge in model.get("edges", []):
        ends = {k: name_of(v, nodes) if k in ("from", "to") else v for k, v in edge.items()}
        lines.add(json.dumps(ends, sort_keys=True))
    return lines


def main():
    sample, sample_nodes = load(sys.argv[1])
    imported, imported_nodes = load(sys.argv[2])
    left, right = index(sample, sample_nodes), index(imported, imported_nodes)
    lines = []
    for ident, node in left.items():
        other = right.get(ident)
        if other is None:
            lines.append("%s: not imported" % ident)
            continue
        a, b = {}, {}
        flatten("", fields(node, sample_nodes), a)
        flatten("", fields(other, imported_nodes), b)
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                lines.append("%s: %s is %s, imported %s" % (ident, key, json.dumps(a.get(key)),
                                                            json.dumps(b.get(key))))
    for ident in right:
        if ident not in left:
            lines.append("%s: imported, not in the sample" % ident)
    a, b = edge_lines(sample, sample_nodes), edge_lines(imported, imported_nodes)
    lines += ["edge %s: not imported" % e for e in a - b]
    lines += ["edge %s: imported, not in the sample" % e for e in b - a]
    for key in sorted(set(sample) | set(imported)):
        if key not in ("nodes", "edges") and sample.get(key) != imported.get(key):
            lines.append("diagram: %s is %s, imported %s" % (key, json.dumps(sample.get(key)),
                                                          json.dumps(imported.get(key))))
    print("\n".join(sorted(lines)) if lines else "nothing missing")


if __name__ == "__main__":
    main()
