import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { Writable } from 'node:stream';
import pino from 'pino';
import { errorMiddleware } from './error-middleware';
import { requestContext } from './request-context';
import type { AppState } from './context';

describe('error middleware', () => {
  it('turns an unexpected error into a logged 500 with a generic message and no internals', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const app = new Koa<AppState>();
    app.use(requestContext(logger));
    app.use(errorMiddleware());
    app.use(() => {
      throw new Error('connection to db-internal-host:3306 refused');
    });
    const server = http.createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
      const body = (await response.json()) as { error: { code: string; message: string; details: { requestId: string } } };
      expect(response.status).toBe(500);
      expect(body.error).toMatchObject({ code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试' });
      expect(body.error.details.requestId).toBe(response.headers.get('x-request-id'));
      expect(JSON.stringify(body)).not.toContain('db-internal-host');
      expect(lines.some((line) => line.includes('db-internal-host') && line.includes('"level":50'))).toBe(true);
    } finally {
      server.close();
    }
  });
});
