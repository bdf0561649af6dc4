import { randomBytes } from 'node:crypto';
import { apiClient, type ApiResponse } from '../../testing/http';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { Lead } from '../leads/lead.entity';
import { encryptMpMessage, mpSignature } from './mp-crypto';
import { MpEvent } from './mp-event.entity';
import { MP_BODY_LIMIT_BYTES } from './mp-callback.routes';

const TOKEN = 'mp-token-for-tests-7f3a';
const AES_KEY = 'WeSaleMpTestKey0123456789abcdefghijklmnopqr';
const MP_APPID = 'wx-mp-app';
const MINIPROGRAM_APPID = 'wx-mini-app';
const CALLBACK = '/wechat/mp/callback';

let plain: TestServer;
let safe: TestServer;
let unconfigured: TestServer;
const safeLog: string[] = [];

beforeAll(async () => {
  [plain, safe, unconfigured] = await Promise.all([
    startTestServer({ seedDemo: false, env: { WECHAT_MP_TOKEN: TOKEN } }),
    startTestServer({
      seedDemo: false,
      logLines: safeLog,
      env: { WECHAT_MP_TOKEN: TOKEN, WECHAT_MP_AES_KEY: AES_KEY, WECHAT_MP_APPID: MP_APPID, WECHAT_APPID: MINIPROGRAM_APPID, WECHAT_SECRET: 'mini-secret' },
    }),
    startTestServer({ seedDemo: false }),
  ]);
});
afterAll(() => Promise.all([plain?.close(), safe?.close(), unconfigured?.close()]));

const nowSeconds = () => String(Math.floor(Date.now() / 1000));
let createTimes = 1_700_000_000;
const nextCreateTime = () => String(createTimes++);

function signed(extra: Record<string, string> = {}, options: { timestamp?: string; token?: string } = {}) {
  const timestamp = options.timestamp ?? nowSeconds();
  const nonce = randomBytes(6).toString('hex');
  return { signature: mpSignature(options.token ?? TOKEN, timestamp, nonce), timestamp, nonce, ...extra };
}

function followEvent(openid: string, event: string, createTime: string, eventKey?: string): string {
  return (
    `<xml><ToUserName><![CDATA[gh_wesale]]></ToUserName><FromUserName><![CDATA[${openid}]]></FromUserName>` +
    `<CreateTime>${createTime}</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[${event}]]></Event>` +
    `${eventKey === undefined ? '' : `<EventKey><![CDATA[${eventKey}]]></EventKey>`}</xml>`
  );
}

function postXml(server: TestServer, query: Record<string, string>, xml: string, contentType = 'text/xml'): Promise<ApiResponse> {
  return apiClient(server.url).call('POST', `${CALLBACK}?${new URLSearchParams(query)}`, { rawBody: xml, headers: { 'Content-Type': contentType } });
}

/** A safe-mode delivery as WeChat builds it; `tamper` changes the ciphertext before (or after) it is signed. */
function postEncrypted(
  server: TestServer,
  innerXml: string,
  options: { appId?: string; msgSignature?: string; tamper?: (encrypt: string) => string; tamperAfterSigning?: boolean } = {},
) {
  const original = encryptMpMessage(innerXml, options.appId ?? MP_APPID, AES_KEY);
  const tampered = options.tamper ? options.tamper(original) : original;
  const query = signed({ encrypt_type: 'aes' });
  const signedEncrypt = options.tamperAfterSigning ? original : tampered;
  const msgSignature = options.msgSignature ?? mpSignature(TOKEN, query.timestamp, query.nonce, signedEncrypt);
  const outer = `<xml><ToUserName><![CDATA[gh_wesale]]></ToUserName><Encrypt><![CDATA[${tampered}]]></Encrypt></xml>`;
  return postXml(server, { ...query, msg_signature: msgSignature }, outer);
}

const leadsFor = (server: TestServer, openid: string) => server.dataSource.getRepository(Lead).findBy({ openid });
const eventsFor = (server: TestServer, openid: string) => server.dataSource.getRepository(MpEvent).countBy({ openid });

function expectSuccess(response: ApiResponse) {
  expect({ status: response.status, body: response.body }).toEqual({ status: 200, body: 'success' });
  expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
}

async function expectNothingStored(server: TestServer, openid: string) {
  expect(await leadsFor(server, openid)).toHaveLength(0);
  expect(await eventsFor(server, openid)).toBe(0);
}

describe('GET /wechat/mp/callback (server address check)', () => {
  it('echoes echostr as plain text when the signature holds', async () => {
    const response = await apiClient(plain.url).get(`${CALLBACK}?${new URLSearchParams(signed({ echostr: '5837397749328246930' }))}`);
    expect(response.status).toBe(200);
    expect(response.body).toBe('5837397749328246930');
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('refuses a wrong signature with 401 in the error envelope', async () => {
    const query = { ...signed({ echostr: 'e1' }), signature: mpSignature('not-the-token', '1', '2') };
    const response = await apiClient(plain.url).get(`${CALLBACK}?${new URLSearchParams(query)}`);
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a correctly signed but stale timestamp (more than 5 minutes off)', async () => {
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const future = String(Math.floor(Date.now() / 1000) + 3600);
    for (const timestamp of [stale, future]) {
      const response = await apiClient(plain.url).get(`${CALLBACK}?${new URLSearchParams(signed({ echostr: 'e2' }, { timestamp }))}`);
      expect(response.status).toBe(401);
    }
  });

  it('answers 400 when the signature parameters are missing', async () => {
    const response = await apiClient(plain.url).get(`${CALLBACK}?echostr=e3`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('still uses the plain signature in safe mode', async () => {
    const response = await apiClient(safe.url).get(`${CALLBACK}?${new URLSearchParams(signed({ echostr: 'safe-echo' }))}`);
    expect(response.body).toBe('safe-echo');
  });
});

describe('POST /wechat/mp/callback, plain mode', () => {
  it('turns a subscribe event into one new, unowned mp_follower lead', async () => {
    expectSuccess(await postXml(plain, signed(), followEvent('oFollowerAbc1234', 'subscribe', nextCreateTime())));
    const [lead, ...others] = await leadsFor(plain, 'oFollowerAbc1234');
    expect(others).toHaveLength(0);
    expect(lead).toMatchObject({ name: '公众号粉丝1234', source: 'mp_follower', status: 'new', ownerId: null, mpFollowing: true, mpUnsubscribedAt: null });
    expect(await eventsFor(plain, 'oFollowerAbc1234')).toBe(1);
  });

  it('keeps the channel QR scene of a subscribe-by-scan in the notes', async () => {
    expectSuccess(await postXml(plain, signed(), followEvent('oScannedQr000001', 'subscribe', nextCreateTime(), 'qrscene_spring_fair')));
    const [lead] = await leadsFor(plain, 'oScannedQr000001');
    expect(lead.notes).toBe('渠道二维码：spring_fair');
  });

  it('refuses a wrong signature with 401 and stores nothing', async () => {
    const query = { ...signed(), signature: mpSignature('guessed-token', '1700000000', 'n') };
    const response = await postXml(plain, query, followEvent('oForgedFollower1', 'subscribe', nextCreateTime()));
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHENTICATED');
    await expectNothingStored(plain, 'oForgedFollower1');
  });

  it('refuses a signed but stale request with 401 and stores nothing', async () => {
    const query = signed({}, { timestamp: String(Math.floor(Date.now() / 1000) - 301 - 60) });
    expect((await postXml(plain, query, followEvent('oStaleFollower01', 'subscribe', nextCreateTime()))).status).toBe(401);
    await expectNothingStored(plain, 'oStaleFollower01');
  });

  it('acknowledges the same event delivered three times and processes it once', async () => {
    const xml = followEvent('oRetriedFollower', 'subscribe', nextCreateTime());
    for (let attempt = 0; attempt < 3; attempt++) expectSuccess(await postXml(plain, signed(), xml));
    expect(await leadsFor(plain, 'oRetriedFollower')).toHaveLength(1);
    expect(await eventsFor(plain, 'oRetriedFollower')).toBe(1);
  });

  it('makes one lead when the same event arrives many times at once', async () => {
    const xml = followEvent('oConcurrentFollw', 'subscribe', nextCreateTime());
    const responses = await Promise.all(Array.from({ length: 8 }, () => postXml(plain, signed(), xml)));
    responses.forEach(expectSuccess);
    expect(await leadsFor(plain, 'oConcurrentFollw')).toHaveLength(1);
    expect(await eventsFor(plain, 'oConcurrentFollw')).toBe(1);
  });

  it('marks an unsubscribe on the lead, which stays; a re-subscribe marks it again without a second lead', async () => {
    const openid = 'oComesAndGoes001';
    expectSuccess(await postXml(plain, signed(), followEvent(openid, 'subscribe', nextCreateTime())));
    expectSuccess(await postXml(plain, signed(), followEvent(openid, 'unsubscribe', nextCreateTime())));
    const [gone] = await leadsFor(plain, openid);
    expect(gone.mpFollowing).toBe(false);
    expect(gone.mpUnsubscribedAt).toBeInstanceOf(Date);

    expectSuccess(await postXml(plain, signed(), followEvent(openid, 'subscribe', nextCreateTime())));
    const leads = await leadsFor(plain, openid);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ id: gone.id, mpFollowing: true, mpUnsubscribedAt: null });
    expect(await eventsFor(plain, openid)).toBe(3);
  });

  it('marks a lead that already has the openid instead of making a second one', async () => {
    const openid = 'oKnownFromBefore';
    await plain.dataSource.getRepository(Lead).insert({ name: '老客户', source: 'miniprogram', status: 'contacted', ownerId: null, openid });
    expectSuccess(await postXml(plain, signed(), followEvent(openid, 'subscribe', nextCreateTime())));
    const leads = await leadsFor(plain, openid);
    expect(leads).toHaveLength(1);
    expect(leads[0]).toMatchObject({ name: '老客户', source: 'miniprogram', status: 'contacted', mpFollowing: true });
  });

  it('acknowledges an unsubscribe from someone without a lead and creates none', async () => {
    expectSuccess(await postXml(plain, signed(), followEvent('oNeverALead00001', 'unsubscribe', nextCreateTime())));
    expect(await leadsFor(plain, 'oNeverALead00001')).toHaveLength(0);
  });

  it('acknowledges other events and ordinary messages without storing anything', async () => {
    const text =
      '<xml><ToUserName><![CDATA[gh_wesale]]></ToUserName><FromUserName><![CDATA[oJustChatting001]]></FromUserName>' +
      `<CreateTime>${nextCreateTime()}</CreateTime><MsgType><![CDATA[text]]></MsgType>` +
      '<Content><![CDATA[<!DOCTYPE html> 我想问问价格 &amp;]]></Content><MsgId>6054768590064713728</MsgId></xml>';
    expectSuccess(await postXml(plain, signed(), text));
    expectSuccess(await postXml(plain, signed(), followEvent('oJustChatting001', 'SCAN', nextCreateTime(), 'spring_fair')));
    await expectNothingStored(plain, 'oJustChatting001');
  });

  it('answers 400 for malformed XML or a follow event without its fields, and stores nothing', async () => {
    for (const xml of [
      '<xml><FromUserName>oMalformed000001</ToUserName></xml>',
      '{"FromUserName":"oMalformed000001"}',
      '',
      '<xml><FromUserName><![CDATA[oMalformed000001]]></FromUserName><MsgType>event</MsgType><Event>subscribe</Event></xml>',
      followEvent('oMalformed000001', 'subscribe', 'yesterday'),
    ]) {
      const response = await postXml(plain, signed(), xml);
      expect({ xml, status: response.status }).toEqual({ xml, status: 400 });
      expect(response.body.error.code).toBe('VALIDATION_FAILED');
    }
    await expectNothingStored(plain, 'oMalformed000001');
  });

  it('does not expand entities: XXE and billion-laughs payloads are refused and make no lead', async () => {
    const xxe =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' +
      followEvent('&xxe;', 'subscribe', nextCreateTime()).replace('<![CDATA[&xxe;]]>', '&xxe;');
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY lol "lol">' +
      Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('') +
      ']>' +
      followEvent('oLaughingFollowr', 'subscribe', nextCreateTime()).replace('<![CDATA[oLaughingFollowr]]>', '&lol9;');
    // Without a DOCTYPE an entity reference stays literal, and is no openid.
    const undeclared = followEvent('x', 'subscribe', nextCreateTime()).replace('<![CDATA[x]]>', '&lol9;');
    for (const xml of [xxe, laughs, undeclared]) {
      const response = await postXml(plain, signed(), xml);
      expect(response.status).toBe(400);
    }
    expect(await plain.dataSource.getRepository(Lead).countBy({ source: 'mp_follower', name: '公众号粉丝lol;' })).toBe(0);
    expect(await plain.dataSource.getRepository(MpEvent).createQueryBuilder('e').where("e.openid LIKE '%&%' OR e.openid LIKE '%lol%'").getCount()).toBe(0);
  });

  it('refuses a JSON body with 415 and a body over the limit with 413', async () => {
    expect((await postXml(plain, signed(), '{"a":1}', 'application/json')).status).toBe(415);
    const padding = `<!-- ${'x'.repeat(MP_BODY_LIMIT_BYTES)} -->`;
    const big = followEvent('oOversizedFollow', 'subscribe', nextCreateTime()).replace('</xml>', `${padding}</xml>`);
    const response = await postXml(plain, signed(), big);
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    await expectNothingStored(plain, 'oOversizedFollow');
  });

  it('stops reading a chunked body (no Content-Length) once it passes the limit', async () => {
    const chunk = new TextEncoder().encode(`<!-- ${'x'.repeat(16 * 1024)} -->`);
    let chunks = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (chunks++ < 8) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const response = await fetch(`${plain.url}${CALLBACK}?${new URLSearchParams(signed())}`, {
      method: 'POST',
      body,
      duplex: 'half',
      headers: { 'Content-Type': 'text/xml' },
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers 503 when a safe-mode frame arrives but no EncodingAESKey is configured', async () => {
    const outer = `<xml><ToUserName><![CDATA[gh_wesale]]></ToUserName><Encrypt><![CDATA[${encryptMpMessage('<xml/>', MP_APPID, AES_KEY)}]]></Encrypt></xml>`;
    const response = await postXml(plain, signed({ encrypt_type: 'aes', msg_signature: 'x' }), outer);
    expect(response.status).toBe(503);
  });
});

describe('POST /wechat/mp/callback, safe mode', () => {
  it('decrypts a frame from the official account and makes the lead', async () => {
    expectSuccess(await postEncrypted(safe, followEvent('oSafeFollower001', 'subscribe', nextCreateTime())));
    const [lead] = await leadsFor(safe, 'oSafeFollower001');
    expect(lead).toMatchObject({ source: 'mp_follower', mpFollowing: true });
  });

  it('processes a repeated encrypted event once (each retry is a fresh frame)', async () => {
    const xml = followEvent('oSafeRetried0001', 'subscribe', nextCreateTime());
    const responses = await Promise.all(Array.from({ length: 3 }, () => postEncrypted(safe, xml)));
    responses.forEach(expectSuccess);
    expect(await leadsFor(safe, 'oSafeRetried0001')).toHaveLength(1);
    expect(await eventsFor(safe, 'oSafeRetried0001')).toBe(1);
  });

  it('refuses a wrong msg_signature with 401 and stores nothing', async () => {
    const response = await postEncrypted(safe, followEvent('oSafeBadSig00001', 'subscribe', nextCreateTime()), {
      msgSignature: mpSignature('guessed-token', '1', '2', '3'),
    });
    expect(response.status).toBe(401);
    await expectNothingStored(safe, 'oSafeBadSig00001');
  });

  it("refuses a frame carrying the mini-program's appid with 401 and stores nothing", async () => {
    const response = await postEncrypted(safe, followEvent('oSafeWrongApp001', 'subscribe', nextCreateTime()), { appId: MINIPROGRAM_APPID });
    expect(response.status).toBe(401);
    await expectNothingStored(safe, 'oSafeWrongApp001');
  });

  it('refuses tampered ciphertext, signed or not, and stores nothing', async () => {
    const flipLastBlock = (encrypt: string) => {
      const bytes = Buffer.from(encrypt, 'base64');
      bytes[bytes.length - 1] ^= 0x5a;
      return bytes.toString('base64');
    };
    const xml = followEvent('oSafeTampered001', 'subscribe', nextCreateTime());
    const unsigned = await postEncrypted(safe, xml, { tamper: flipLastBlock, tamperAfterSigning: true });
    expect(unsigned.status).toBe(401);
    // Re-signed: as if someone knew the token but not the EncodingAESKey.
    const resigned = await postEncrypted(safe, xml, { tamper: flipLastBlock });
    expect(resigned.status).toBe(401);
    const truncated = await postEncrypted(safe, xml, { tamper: (e) => Buffer.from(e, 'base64').subarray(16).toString('base64') });
    expect(truncated.status).toBe(401);
    await expectNothingStored(safe, 'oSafeTampered001');
  });

  it('refuses a plaintext frame, even correctly signed, once safe mode is configured', async () => {
    const response = await postXml(safe, signed(), followEvent('oSafeDowngrade01', 'subscribe', nextCreateTime()));
    expect(response.status).toBe(401);
    await expectNothingStored(safe, 'oSafeDowngrade01');
  });

  it('answers 400 for a malformed envelope or decrypted XML', async () => {
    const query = signed({ encrypt_type: 'aes', msg_signature: 'whatever' });
    expect((await postXml(safe, query, '<xml><Encrypt>abc</xml>')).status).toBe(400);
    expect((await postEncrypted(safe, '<xml><FromUserName>oSafeBroken0001</xml>')).status).toBe(400);
    await expectNothingStored(safe, 'oSafeBroken0001');
  });

  it('logs neither the token, the EncodingAESKey nor the decrypted message', () => {
    const log = safeLog.join('\n');
    expect(log).toContain('mp follow event');
    for (const secret of [TOKEN, AES_KEY, 'oSafeFollower001', 'FromUserName']) expect(log).not.toContain(secret);
  });
});

describe('without WECHAT_MP_TOKEN', () => {
  it('answers 503 in the error envelope', async () => {
    const get = await apiClient(unconfigured.url).get(`${CALLBACK}?${new URLSearchParams(signed({ echostr: 'e' }))}`);
    const post = await postXml(unconfigured, signed(), followEvent('oNotConfigured01', 'subscribe', nextCreateTime()));
    for (const response of [get, post]) {
      expect(response.status).toBe(503);
      expect(response.body.error.code).toBe('SERVICE_UNAVAILABLE');
    }
    await expectNothingStored(unconfigured, 'oNotConfigured01');
  });
});
