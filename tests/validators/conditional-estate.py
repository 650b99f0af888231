"""Turns a generated estate (bench/generate) into one deployed per environment:
the first HTTP API, and every element only it uses, exists only outside
production, under conditions over an Env parameter; its stages deploy
themselves. Big enough to be cut into nested stacks, so that the validators
see conditions, and values passed under them, across stacks.
Usage: python3 conditional-estate.py ESTATE.json OUT.json"""
import json
import sys


def users(nodes, kind, field):
    found = {}
    for n in nodes:
        if n['kind'] == kind and n.get(field):
            found.setdefault(n[field], set()).add(n['id'])
    return found


def main(src, out):
    d = json.load(open(src))
    nodes = d['nodes']
    api = next(n for n in nodes if n['kind'] == 'api' and n.get('type') == 'http')
    chosen = {api['id']} | {n['id'] for n in nodes if n['kind'] in ('stage', 'route') and n.get('api') == api['id']}
    for field, kind in (('integration', 'route'), ('authorizer', 'route'), ('function', 'integration')):
        for target, by in users(nodes, kind, field).items():
            if by <= chosen:
                chosen.add(target)
    if api.get('defaultAuthorizer'):
        chosen.add(api['defaultAuthorizer'])
    chosen |= {n['id'] for n in nodes if n['kind'] == 'client' and n.get('stage') in chosen}
    for n in nodes:
        if n['id'] in chosen:
            n['condition'] = 'NotProd'
            if n['kind'] == 'stage':
                n['autoDeploy'] = True
    d['parameters'] = d.get('parameters', []) + [{'name': 'Env', 'default': 'dev', 'allowedValues': ['dev', 'prod']}]
    d['conditions'] = [{'name': 'IsProd', 'equals': ['${param:Env}', 'prod']}, {'name': 'NotProd', 'not': 'IsProd'}]
    json.dump(d, open(out, 'w'), indent=1)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
