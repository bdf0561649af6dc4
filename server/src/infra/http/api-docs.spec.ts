import { apiClient } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedDemo: false });
});
afterAll(() => server?.close());

describe('GET /api/docs', () => {
  it('serves a Swagger UI page that reads the OpenAPI document, with every asset it loads from this server', async () => {
    const client = apiClient(server.url);
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = page.body as string;
    expect(html).toContain('data-openapi-url="/api/openapi.json"');

    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(expect.arrayContaining(['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css', '/api/docs/init.js']));
    for (const asset of assets) {
      expect(asset.startsWith('/')).toBe(true); // nothing from another host
      const response = await fetch(`${server.url}${asset}`);
      const body = await response.arrayBuffer();
      expect({ asset, status: response.status, nonEmpty: body.byteLength > 0 }).toEqual({ asset, status: 200, nonEmpty: true });
    }
    const bundle = await fetch(`${server.url}/api/docs/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect(await bundle.text()).toContain('SwaggerUIBundle');
    const init = await client.get('/api/docs/init.js');
    expect(init.body).toContain('SwaggerUIBundle(');

    const document = await client.get('/api/openapi.json');
    expect(document.status).toBe(200);
    expect(document.body.openapi).toBe('3.1.0');
  });

  it('answers 404 for a file that is not one of the page assets', async () => {
    for (const name of ['package.json', 'index.html', 'constructor', '..%2F..%2Fpackage.json']) {
      const response = await fetch(`${server.url}/api/docs/${name}`);
      expect({ name, status: response.status }).toEqual({ name, status: 404 });
    }
  });
});
