import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for api.weixin.qq.com on 127.0.0.1 (these machines cannot reach WeChat). `jscode2session`
 * answers by the code: `ok:<openid>[:<unionid>]` succeeds; `invalid`, `used`, `ratelimited`, `busy` return
 * WeChat's error codes; `garbage` returns a body WeChat never sends.
 */
export interface FakeWechat {
  baseUrl: string;
  requests: URL[];
  close(): Promise<void>;
}

export async function startFakeWechat(): Promise<FakeWechat> {
  const requests: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(url);
    const send = (body: unknown) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname !== '/sns/jscode2session') {
      res.writeHead(404).end();
      return;
    }
    const code = url.searchParams.get('js_code') ?? '';
    const [kind, openid, unionid] = code.split(':');
    switch (kind) {
      case 'ok':
        return send({ openid, session_key: `session-key-of-${openid}`, ...(unionid ? { unionid } : {}) });
      case 'invalid':
        return send({ errcode: 40029, errmsg: 'invalid code' });
      case 'used':
        return send({ errcode: 40163, errmsg: 'code been used' });
      case 'ratelimited':
        return send({ errcode: 45011, errmsg: 'api minute-quota reach limit' });
      case 'busy':
        return send({ errcode: -1, errmsg: 'system error' });
      default:
        return send({ unexpected: true });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
