#!/usr/bin/env python3
"""Names what of a sample did not come back through build and import.

Usage: roundtrip-compare.py SAMPLE.ir.json IMPORTED.ir.json

Both files are canonical IR (`archway ir`). Ids differ by design (the import
makes them from the template's logical ids, docs/import.md), so elements are
matched by what identifies them in AWS: an API by its name, a route by its
API and method and path (or route key), a stage by its API and stage name, a
usage plan or API key by its name. Each matched element is compared field by
field, references followed to what they name; the output lists every
difference and every element of the sample with no counterpart, one line
each, sorted, so that a pinned copy says what the round trip misses."""
import json
import sys

# Fields that are no element's AWS identity and that no template carries.
IGNORED = {"id", "position", "suppress", "kind"}
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
            value = [{**m, "schema": json.loads(m["schema"])} for m in value]
        elif key == "gatewayResponses":
            # One response per type: the order they are written in says nothing.
            value = sorted(value, key=lambda r: r["type"])
        elif key == "routeThrottles":
            value = sorted(json.dumps({**t, "route": described(t["route"], nodes, seen)}, sort_keys=True)
                           for t in value)
        out[key] = value
    return out


def flatten(prefix, value, out):
    if isinstance(value, dict):
        for k, v in value.items():
            flatten("%s.%s" % (prefix, k) if prefix else k, v, out)
    else:
        out[prefix] = value


def index(model, nodes):
    found = {}
    for node in model.get("nodes", []):
        ident = identity(node, nodes)
        if ident:
            found[ident] = node
    return found


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
    kinds = {}
    for node in sample.get("nodes", []):
        if identity(node, sample_nodes) is None and node["kind"] in ("client", "httpBackend"):
            kinds[node["kind"]] = kinds.get(node["kind"], 0) + 1
    for kind, count in sorted(kinds.items()):
        lines.append("%d %s element(s): simulation inputs, in no template" % (count, kind))
    if len(sample.get("edges", [])) != len(imported.get("edges", [])):
        lines.append("edges: %d in the sample, %d imported" % (len(sample.get("edges", [])),
                                                             len(imported.get("edges", []))))
    print("\n".join(sorted(lines)) if lines else "nothing missing")


if __name__ == "__main__":
    main()
