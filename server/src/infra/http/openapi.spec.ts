import { createApp } from '../../app';
import { apiClient } from '../../testing/http';
import { createLogger } from '../logger';
import { startTestServer, type TestServer } from '../../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: false });
});
afterAll(() => server?.close());

describe('GET /api/openapi.json', () => {
  it('documents every route the app serves, with request and response schemas', async () => {
    const response = await apiClient(server.url).get('/api/openapi.json');
    expect(response.status).toBe(200);
    const doc = response.body;
    expect(doc.openapi).toBe('3.1.0');

    // Walk the app's real routers, so a route added without documentation fails this test.
    const app = createApp({ config: server.config, dataSource: server.dataSource, kv: server.kv, logger: createLogger('silent') });
    const served = app.middleware
      .flatMap((mw: any) => mw.router?.stack ?? [])
      .flatMap((layer: any) => layer.methods.filter((m: string) => m !== 'HEAD').map((m: string) => `${m.toLowerCase()} ${layer.path}`))
      // The document itself and the Swagger UI page reading it are not API routes.
      .filter((route: string) => route !== 'get /api/openapi.json' && !route.startsWith('get /api/docs'));
    expect(served.length).toBeGreaterThanOrEqual(10);
    for (const route of served) {
      const [method, path] = route.split(' ');
      const documented = doc.paths[path.replace(/:([A-Za-z_]+)/g, '{$1}')]?.[method];
      expect({ route, documented: Boolean(documented) }).toEqual({ route, documented: true });
    }

    const createProduct = doc.paths['/api/v1/products'].post;
    expect(createProduct.requestBody.content['application/json'].schema.properties.priceFen.type).toBe('integer');
    expect(createProduct.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['sku', 'name', 'priceFen']));
    expect(createProduct.responses['201'].content['application/json'].schema.properties.id).toBeDefined();
    expect(doc.paths['/api/v1/products'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'q']),
    );
    expect(doc.components.schemas.ErrorEnvelope.properties.error).toBeDefined();
  });
});
