// The generated 300-element diagram the web canvas benchmark opens.

/** One HTTP API, its stage, 99 routes each with an integration and a function, and one client: 300 elements. */
export function bigDiagram(routes = 99) {
  const nodes = [
    { kind: 'api', id: 'api', name: 'Big API', type: 'http' },
    { kind: 'stage', id: 'prod', name: 'prod', api: 'api', position: { x: 400, y: -100 } },
    { kind: 'client', id: 'users', name: 'Users', stage: 'prod', traffic: { profile: 'constant', rate: 100 }, position: { x: 80, y: 400 } },
  ];
  for (let i = 0; i < routes; i++) {
    const y = i * 90;
    nodes.push({ kind: 'route', id: `r${i}`, name: `GET /items/${i}`, api: 'api', method: 'GET', path: `/items/${i}`, integration: `i${i}`, authorizer: 'none', noneReason: 'bench', position: { x: 400, y } });
    nodes.push({ kind: 'integration', id: `i${i}`, type: 'lambda', function: `f${i}`, position: { x: 720, y } });
    nodes.push({ kind: 'function', id: `f${i}`, name: `fn ${i}`, runtime: 'nodejs22.x', handler: 'index.handler', position: { x: 1000, y } });
  }
  return { archway: 1, name: 'Three hundred elements', nodes, edges: [] };
}
