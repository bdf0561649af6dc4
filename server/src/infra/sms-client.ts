import { createHash, createHmac, randomUUID } from 'node:crypto';
import { ErrorCode } from '@wesale/shared';
import type { SmsConfig } from './config';
import { AppError, badRequest, serviceUnavailable, tooManyRequests } from './errors';
import type { Logger } from './logger';

/** Sends a login code by SMS through the configured provider. */
export interface SmsClient {
  /** False when no provider is configured: nothing can be sent. */
  readonly configured: boolean;
  sendLoginCode(mobile: string, code: string): Promise<void>;
}

interface SmsOptions extends SmsConfig {
  logger: Logger;
  timeoutMs?: number;
  /** Signing time; injectable so a test can pin it. */
  now?: () => Date;
}

const DEFAULT_API_BASE = { tencent: 'https://sms.tencentcloudapi.com', aliyun: 'https://dysmsapi.aliyuncs.com' } as const;
const DEFAULT_REGION = { tencent: 'ap-guangzhou', aliyun: 'cn-hangzhou' } as const;
const PROVIDER_RETRY_AFTER_SECONDS = 60;

type Outcome = { ok: true } | { ok: false; code: string; message?: string };

/** The one SMS client: Tencent Cloud SMS (API 3.0) or Aliyun Dysmsapi, with a configurable base URL. */
export function createSmsClient(options: SmsOptions): SmsClient {
  const { provider, logger } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? (() => new Date());
  return {
    configured: Boolean(provider),
    async sendLoginCode(mobile, code) {
      if (!provider) throw serviceUnavailable(ErrorCode.SmsUnavailable, '服务器未配置短信服务（SMS_PROVIDER），暂不能发送验证码');
      const apiBase = options.apiBase ?? DEFAULT_API_BASE[provider];
      const region = options.region ?? DEFAULT_REGION[provider];
      let outcome: Outcome;
      try {
        outcome =
          provider === 'tencent'
            ? await sendTencent({ ...options, apiBase, region, mobile, code, now: now(), timeoutMs })
            : await sendAliyun({ ...options, apiBase, region, mobile, code, now: now(), timeoutMs });
      } catch (error) {
        logger.warn({ provider, err: (error as Error).message }, 'SMS provider unreachable');
        throw serviceUnavailable(ErrorCode.SmsUnavailable, '暂时无法连接短信服务，请稍后重试');
      }
      if (!outcome.ok) {
        logger.warn({ provider, providerCode: outcome.code, providerMessage: outcome.message }, 'SMS provider refused');
        throw providerError(provider, outcome.code);
      }
    },
  };
}

interface SendInput extends SmsConfig {
  apiBase: string;
  region: string;
  mobile: string;
  code: string;
  now: Date;
  timeoutMs: number;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(algorithm: 'sha256' | 'sha1', key: string | Buffer, text: string): Buffer {
  return createHmac(algorithm, key).update(text, 'utf8').digest();
}

/**
 * Tencent Cloud SMS `SendSms` (version 2021-01-11), signed with TC3-HMAC-SHA256: a canonical request of the
 * method, path, query, signed headers and the body's hash; the string to sign carries the timestamp and the
 * credential scope (date/sms/tc3_request); the key is derived from "TC3" + SecretKey through date, service
 * and "tc3_request".
 */
async function sendTencent(input: SendInput): Promise<Outcome> {
  const url = new URL('/', input.apiBase);
  const body = JSON.stringify({
    PhoneNumberSet: [`+86${input.mobile}`],
    SmsSdkAppId: input.sdkAppId,
    SignName: input.signName,
    TemplateId: input.templateId,
    TemplateParamSet: [input.code],
  });
  const timestamp = Math.floor(input.now.getTime() / 1000);
  const date = new Date(timestamp * 1000).toISOString().slice(0, 10);
  const contentType = 'application/json; charset=utf-8';
  const action = 'SendSms';
  const signedHeaders = 'content-type;host;x-tc-action';
  const canonicalHeaders = `content-type:${contentType}\nhost:${url.host}\nx-tc-action:${action.toLowerCase()}\n`;
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(body)].join('\n');
  const credentialScope = `${date}/sms/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(timestamp), credentialScope, sha256Hex(canonicalRequest)].join('\n');
  const secretDate = hmac('sha256', `TC3${input.accessKeySecret}`, date);
  const secretService = hmac('sha256', secretDate, 'sms');
  const secretSigning = hmac('sha256', secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');

  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': contentType,
      'X-TC-Action': action,
      'X-TC-Version': '2021-01-11',
      'X-TC-Timestamp': String(timestamp),
      'X-TC-Region': input.region,
      Authorization: `TC3-HMAC-SHA256 Credential=${input.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
    },
    body,
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  const payload = (await response.json()) as {
    Response?: { Error?: { Code: string; Message?: string }; SendStatusSet?: Array<{ Code: string; Message?: string }> };
  };
  const error = payload.Response?.Error;
  if (error) return { ok: false, code: error.Code, message: error.Message };
  const status = payload.Response?.SendStatusSet?.[0];
  if (!status) throw new Error(`unexpected answer (HTTP ${response.status})`);
  return status.Code === 'Ok' ? { ok: true } : { ok: false, code: status.Code, message: status.Message };
}

/** RFC 3986 encoding as Aliyun's RPC signature wants it (unreserved characters only are left as they are). */
export function aliyunPercentEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Aliyun Dysmsapi `SendSms` (version 2017-05-25), RPC style: the parameters sorted and percent-encoded
 * into a canonical query, string to sign = METHOD & encode("/") & encode(query), signature =
 * base64(HMAC-SHA1(AccessKeySecret + "&", string to sign)), sent as a form body.
 */
async function sendAliyun(input: SendInput): Promise<Outcome> {
  const params: Record<string, string> = {
    AccessKeyId: input.accessKeyId ?? '',
    Action: 'SendSms',
    Format: 'JSON',
    PhoneNumbers: input.mobile,
    RegionId: input.region,
    SignName: input.signName ?? '',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: randomUUID(),
    SignatureVersion: '1.0',
    TemplateCode: input.templateId ?? '',
    TemplateParam: JSON.stringify({ code: input.code }),
    Timestamp: input.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const canonicalQuery = Object.keys(params)
    .sort()
    .map((key) => `${aliyunPercentEncode(key)}=${aliyunPercentEncode(params[key])}`)
    .join('&');
  const stringToSign = `POST&${aliyunPercentEncode('/')}&${aliyunPercentEncode(canonicalQuery)}`;
  const signature = hmac('sha1', `${input.accessKeySecret}&`, stringToSign).toString('base64');

  const response = await fetch(new URL('/', input.apiBase), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `Signature=${aliyunPercentEncode(signature)}&${canonicalQuery}`,
    signal: AbortSignal.timeout(input.timeoutMs),
  });
  // Aliyun answers refusals with a 4xx status and the same JSON shape.
  const payload = (await response.json()) as { Code?: string; Message?: string };
  if (!payload.Code) throw new Error(`unexpected answer (HTTP ${response.status})`);
  return payload.Code === 'OK' ? { ok: true } : { ok: false, code: payload.Code, message: payload.Message };
}

const RATE_LIMIT_CODES = {
  tencent: /^(LimitExceeded\.|RequestLimitExceeded)/,
  aliyun: /^(isv\.(BUSINESS|DAY|MONTH|MINUTE|HOUR)_LIMIT_CONTROL|Throttling)/,
};
const BAD_MOBILE_CODES = {
  tencent: /^InvalidParameterValue\.IncorrectPhoneNumber$/,
  aliyun: /^isv\.MOBILE_NUMBER_ILLEGAL$/,
};

function providerError(provider: 'tencent' | 'aliyun', code: string): AppError {
  if (RATE_LIMIT_CODES[provider].test(code)) return tooManyRequests('短信发送太频繁，请稍后再试', PROVIDER_RETRY_AFTER_SECONDS);
  if (BAD_MOBILE_CODES[provider].test(code)) return badRequest('该手机号无法接收短信，请检查号码', { providerCode: code });
  return serviceUnavailable(ErrorCode.SmsUnavailable, `短信服务暂时不可用（${code}），请稍后重试`);
}
