// The palette: element kinds grouped as the model groups them, each entry with what a new
// element starts with (presets such as an SQS queue are data stores with an engine).

export interface PaletteItem { key: string; kind: string; label: string; preset: Record<string, unknown> }
export interface PaletteGroup { title: string; items: PaletteItem[] }

const item = (kind: string, label: string, preset: Record<string, unknown> = {}, key = kind): PaletteItem => ({ key, kind, label, preset });

export const PALETTE: readonly PaletteGroup[] = [
  { title: 'API Gateway', items: [
    item('api', 'HTTP API', { type: 'http' }, 'api-http'),
    item('api', 'REST API', { type: 'rest' }, 'api-rest'),
    item('api', 'WebSocket API', { type: 'websocket' }, 'api-websocket'),
    item('route', 'Route', { method: 'GET', path: '/items' }),
    item('stage', 'Stage', { name: 'prod' }),
    item('integration', 'Integration', { type: 'lambda' }),
    item('authorizer', 'Authorizer', { type: 'jwt' }),
  ] },
  { title: 'Access and quotas', items: [item('usagePlan', 'Usage plan'), item('apiKey', 'API key')] },
  { title: 'Compute', items: [item('function', 'Lambda function', { runtime: 'nodejs22.x', handler: 'index.handler' })] },
  { title: 'Networking', items: [item('vpcLink', 'VPC link'), item('loadBalancer', 'Load balancer', { type: 'alb' })] },
  { title: 'Data stores', items: [
    item('datastore', 'DynamoDB table', { engine: 'dynamodb' }, 'ds-dynamodb'),
    item('datastore', 'RDS database', { engine: 'rds' }, 'ds-rds'),
    item('datastore', 'S3 bucket', { engine: 's3' }, 'ds-s3'),
  ] },
  { title: 'Queues and streams', items: [
    item('datastore', 'SQS queue', { engine: 'sqs' }, 'ds-sqs'),
    item('datastore', 'Kinesis stream', { engine: 'kinesis' }, 'ds-kinesis'),
    item('datastore', 'SNS topic', { engine: 'sns' }, 'ds-sns'),
  ] },
  { title: 'Outside', items: [item('httpBackend', 'HTTP backend', { url: 'https://backend.example.com' }), item('client', 'Client', { traffic: { profile: 'constant', rate: 10 } })] },
];

export function paletteItem(key: string): PaletteItem | undefined {
  for (const g of PALETTE) for (const i of g.items) if (i.key === key) return i;
  return undefined;
}

/** Short labels for the corner of an element card. */
export const KIND_LABEL: Record<string, string> = {
  api: 'API', route: 'Route', stage: 'Stage', integration: 'Integration', authorizer: 'Authorizer',
  usagePlan: 'Usage plan', apiKey: 'API key', function: 'Lambda', vpcLink: 'VPC link', loadBalancer: 'Load balancer',
  datastore: 'Data store', httpBackend: 'HTTP backend', client: 'Client',
};

/** The line under an element's name: what distinguishes it at a glance. */
export function subtitle(n: Record<string, unknown>): string {
  switch (n.kind) {
    case 'route': return n.routeKey ? String(n.routeKey) : `${n.method ?? ''} ${n.path ?? ''}`.trim();
    case 'datastore': return String(n.engine ?? '');
    case 'function': return [n.runtime, n.memory ? `${n.memory} MB` : ''].filter(Boolean).join(' · ');
    case 'integration': case 'authorizer': case 'api': case 'loadBalancer': return String(n.type ?? '');
    default: return '';
  }
}
