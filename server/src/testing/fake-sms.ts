import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for Tencent Cloud SMS and Aliyun Dysmsapi on 127.0.0.1. It checks each request's signature the
 * way the provider documents it (TC3-HMAC-SHA256; RPC HMAC-SHA1) with the credentials it was started with,
 * answers as the provider would (including a signature refusal), and records what arrived. `mode` makes it
 * answer with the provider's rate-limit or internal error instead.
 */
export interface FakeSmsMessage {
  provider: 'tencent' | 'aliyun';
  signatureValid: boolean;
  mobile: string;
  /** The login code in the template parameters. */
  code: string;
  signName: string;
  templateId: string;
  sdkAppId?: string;
  region?: string;
}

export interface FakeSms {
  baseUrl: string;
  messages: FakeSmsMessage[];
  mode: 'ok' | 'ratelimited' | 'error';
  close(): Promise<void>;
}

export const FAKE_SMS_CREDENTIALS = { accessKeyId: 'AKIDfakeSmsKeyId0001', accessKeySecret: 'fake-sms-secret-key-0001' };

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** TC3-HMAC-SHA256 as documented: canonical request → string to sign → key derived from the date. */
function tencentSignatureValid(req: http.IncomingMessage, body: string, secretId: string, secretKey: string): boolean {
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
    String(req.headers.authorization ?? ''),
  );
  if (!auth) return false;
  const [, credentialId, date, service, signedHeaders, signature] = auth;
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (credentialId !== secretId || service !== 'sms' || new Date(timestamp * 1000).toISOString().slice(0, 10) !== date) return false;
  const names = signedHeaders.split(';');
  if (!names.includes('content-type') || !names.includes('host')) return false;
  const canonicalHeaders = names.map((name) => `${name}:${String(req.headers[name] ?? '').trim().toLowerCase()}\n`).join('');
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const canonicalRequest = [req.method, url.pathname, url.search.slice(1), canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), `${date}/${service}/tc3_request`, sha256Hex(canonicalRequest)].join('\n');
  const kDate = createHmac('sha256', `TC3${secretKey}`).update(date).digest();
  const kService = createHmac('sha256', kDate).update(service).digest();
  const kSigning = createHmac('sha256', kService).update('tc3_request').digest();
  return sameText(createHmac('sha256', kSigning).update(stringToSign).digest('hex'), signature);
}

const popEncode = (text: string) =>
  encodeURIComponent(text)
    .replace(/\+/g, '%20')
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Aliyun RPC signature: sorted, percent-encoded parameters without Signature, HMAC-SHA1 with secret + "&". */
function aliyunSignatureValid(method: string, params: URLSearchParams, secret: string): boolean {
  const signature = params.get('Signature');
  if (!signature || params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0') return false;
  const query = [...params.entries()]
    .filter(([key]) => key !== 'Signature')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${popEncode(key)}=${popEncode(value)}`)
    .join('&');
  const stringToSign = `${method}&${popEncode('/')}&${popEncode(query)}`;
  return sameText(createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64'), signature);
}

export async function startFakeSms(credentials = FAKE_SMS_CREDENTIALS): Promise<FakeSms> {
  const fake: Omit<FakeSms, 'baseUrl' | 'close'> = { messages: [], mode: 'ok' };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const send = (status: number, payload: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.headers['x-tc-action']) {
        const signatureValid = tencentSignatureValid(req, body, credentials.accessKeyId, credentials.accessKeySecret);
        const input = JSON.parse(body) as { PhoneNumberSet: string[]; TemplateParamSet: string[]; SignName: string; TemplateId: string; SmsSdkAppId: string };
        fake.messages.push({
          provider: 'tencent',
          signatureValid,
          mobile: input.PhoneNumberSet[0],
          code: input.TemplateParamSet[0],
          signName: input.SignName,
          templateId: input.TemplateId,
          sdkAppId: input.SmsSdkAppId,
          region: String(req.headers['x-tc-region'] ?? ''),
        });
        const requestId = `fake-${fake.messages.length}`;
        if (!signatureValid) return send(200, { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'signature mismatch' }, RequestId: requestId } });
        if (fake.mode === 'error') return send(200, { Response: { Error: { Code: 'InternalError.Timeout', Message: 'timeout' }, RequestId: requestId } });
        const status =
          fake.mode === 'ratelimited'
            ? { Code: 'LimitExceeded.PhoneNumberThirtySecondLimit', Message: 'the number of SMS messages sent from a single mobile number within 30 seconds exceeds the upper limit' }
            : { Code: 'Ok', Message: 'send success' };
        return send(200, { Response: { SendStatusSet: [{ SerialNo: requestId, PhoneNumber: input.PhoneNumberSet[0], Fee: 1, ...status }], RequestId: requestId } });
      }
      const params = new URLSearchParams(req.method === 'GET' ? (req.url ?? '').split('?')[1] : body);
      if (params.get('Action') !== 'SendSms') return send(404, { Code: 'InvalidAction.NotFound' });
      const signatureValid = params.get('AccessKeyId') === credentials.accessKeyId && aliyunSignatureValid(req.method ?? 'POST', params, credentials.accessKeySecret);
      fake.messages.push({
        provider: 'aliyun',
        signatureValid,
        mobile: params.get('PhoneNumbers') ?? '',
        code: (JSON.parse(params.get('TemplateParam') ?? '{}') as { code?: string }).code ?? '',
        signName: params.get('SignName') ?? '',
        templateId: params.get('TemplateCode') ?? '',
        region: params.get('RegionId') ?? '',
      });
      if (!signatureValid) return send(400, { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
      if (fake.mode === 'error') return send(500, { Code: 'isp.SYSTEM_ERROR', Message: 'system error' });
      if (fake.mode === 'ratelimited') return send(200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发分钟级流控Permits:1' });
      return send(200, { Code: 'OK', Message: 'OK', BizId: `biz-${fake.messages.length}`, RequestId: `fake-${fake.messages.length}` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
