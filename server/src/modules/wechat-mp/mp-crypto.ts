import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * WeChat official-account callback crypto, as pure functions: the sha1 signatures and the AES frames of
 * safe mode (安全模式). Nothing here logs or knows about HTTP.
 */

/** sha1 over the parts sorted as strings and joined: `signature` (token, timestamp, nonce) and `msg_signature` (+ Encrypt). */
export function mpSignature(...parts: string[]): string {
  return createHash('sha1').update([...parts].sort().join('')).digest('hex');
}

export function signatureMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given.toLowerCase(), 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** How far a callback's timestamp may be from our clock; WeChat's retries all fall well inside it. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export function isFreshTimestamp(timestamp: string, nowMs: number, skewSeconds = MAX_CLOCK_SKEW_SECONDS): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) - Math.floor(nowMs / 1000)) <= skewSeconds;
}

export class MpCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MpCryptoError';
  }
}

// WeChat pads the plaintext to a multiple of 32 bytes (PKCS#7 with k = 32), not AES's 16, so Node's own padding is off.
const PAD_BLOCK = 32;
const RANDOM_PREFIX = 16;
const LENGTH_FIELD = 4;

/** The 43-character EncodingAESKey is base64 without its trailing '='; the IV is the key's first 16 bytes. */
function keyAndIv(encodingAesKey: string): { key: Buffer; iv: Buffer } {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (key.length !== 32) throw new MpCryptoError('EncodingAESKey must decode to 32 bytes');
  return { key, iv: key.subarray(0, 16) };
}

/** Builds a frame as WeChat does: 16 random bytes, the XML's length (4 bytes, big-endian), the XML, the appid. */
export function encryptMpMessage(xml: string, appId: string, encodingAesKey: string, random: Buffer = randomBytes(RANDOM_PREFIX)): string {
  const { key, iv } = keyAndIv(encodingAesKey);
  const body = Buffer.from(xml, 'utf8');
  const length = Buffer.alloc(LENGTH_FIELD);
  length.writeUInt32BE(body.length);
  const plain = Buffer.concat([random.subarray(0, RANDOM_PREFIX), length, body, Buffer.from(appId, 'utf8')]);
  const pad = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

/** Opens a frame; any malformed part (base64, block size, padding, length field) is an MpCryptoError. */
export function decryptMpMessage(encrypted: string, encodingAesKey: string): { xml: string; appId: string } {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypted) || encrypted.length % 4 !== 0) throw new MpCryptoError('Encrypt is not base64');
  const ciphertext = Buffer.from(encrypted, 'base64');
  if (ciphertext.length === 0 || ciphertext.length % PAD_BLOCK !== 0) throw new MpCryptoError('ciphertext length is not a multiple of the block');
  const { key, iv } = keyAndIv(encodingAesKey);
  const decipher = createDecipheriv('aes-256-cbc', key, iv).setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(ciphertext), decipher.final()]);

  const pad = padded[padded.length - 1];
  if (pad < 1 || pad > PAD_BLOCK || !padded.subarray(padded.length - pad).every((byte) => byte === pad)) {
    throw new MpCryptoError('bad padding');
  }
  const plain = padded.subarray(0, padded.length - pad);
  if (plain.length < RANDOM_PREFIX + LENGTH_FIELD) throw new MpCryptoError('frame too short');
  const xmlLength = plain.readUInt32BE(RANDOM_PREFIX);
  const xmlStart = RANDOM_PREFIX + LENGTH_FIELD;
  if (xmlLength > plain.length - xmlStart) throw new MpCryptoError('length field exceeds the frame');
  return {
    xml: plain.subarray(xmlStart, xmlStart + xmlLength).toString('utf8'),
    appId: plain.subarray(xmlStart + xmlLength).toString('utf8'),
  };
}
