import { createCipheriv } from 'node:crypto';
import { decryptMpMessage, encryptMpMessage, isFreshTimestamp, MpCryptoError, mpSignature, signatureMatches } from './mp-crypto';

// Vectors from WeChat's own WXBizMsgCrypt samples (Python demo and Java test), so we interoperate with the real format.
const SAMPLE_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const SAMPLE_INBOUND = {
  token: 'spamtest',
  timestamp: '1409735669',
  nonce: '1320562132',
  msgSignature: '5d197aaffba7e9b25a30732f161a50dee96bd5fa',
  appId: 'wx2c2769f8efd9abc2',
  encrypt:
    'hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=',
};
const SAMPLE_OUTBOUND = {
  appId: 'wxb11529c136998cb6',
  random: 'aaaabbbbccccdddd',
  message: '我是中文abcd123',
  encrypted: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
};

/** A frame with an arbitrary plaintext, correctly padded, for malformed-content cases. */
function rawFrame(plain: Buffer): string {
  const key = Buffer.from(`${SAMPLE_KEY}=`, 'base64');
  const pad = 32 - (plain.length % 32);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16)).setAutoPadding(false);
  return Buffer.concat([cipher.update(Buffer.concat([plain, Buffer.alloc(pad, pad)])), cipher.final()]).toString('base64');
}

describe('mpSignature', () => {
  it('is the sha1 of the sorted parts, so the order they are given in does not matter', () => {
    const { token, timestamp, nonce, encrypt, msgSignature } = SAMPLE_INBOUND;
    expect(mpSignature(token, timestamp, nonce, encrypt)).toBe(msgSignature);
    expect(mpSignature(encrypt, nonce, token, timestamp)).toBe(msgSignature);
    expect(mpSignature('tok', '1700000000', 'n1')).toBe(mpSignature('n1', 'tok', '1700000000'));
    expect(mpSignature('tok', '1700000000', 'n1')).not.toBe(mpSignature('tok', '1700000000', 'n2'));
  });

  it('compares signatures in constant time, ignoring hex case, and refuses a missing one', () => {
    const expected = mpSignature('tok', '1', 'n');
    expect(signatureMatches(expected, expected)).toBe(true);
    expect(signatureMatches(expected, expected.toUpperCase())).toBe(true);
    expect(signatureMatches(expected, expected.slice(1))).toBe(false);
    expect(signatureMatches(expected, `${expected.slice(0, -1)}${expected.endsWith('0') ? '1' : '0'}`)).toBe(false);
    expect(signatureMatches(expected, undefined)).toBe(false);
    expect(signatureMatches(expected, '')).toBe(false);
  });
});

describe('isFreshTimestamp', () => {
  const now = 1_700_000_000_000;
  it('accepts up to five minutes either way and nothing beyond', () => {
    expect(isFreshTimestamp('1700000000', now)).toBe(true);
    expect(isFreshTimestamp('1699999700', now)).toBe(true);
    expect(isFreshTimestamp('1700000300', now)).toBe(true);
    expect(isFreshTimestamp('1699999699', now)).toBe(false);
    expect(isFreshTimestamp('1700000301', now)).toBe(false);
  });

  it('refuses anything that is not a plain number of seconds', () => {
    for (const bad of ['', '-1', '1.7e9', ' 1700000000', '0x6553f100', '1700000000000000']) expect(isFreshTimestamp(bad, now)).toBe(false);
  });
});

describe('safe-mode frames', () => {
  it("decrypts WeChat's sample frame into its XML and appid", () => {
    const { xml, appId } = decryptMpMessage(SAMPLE_INBOUND.encrypt, SAMPLE_KEY);
    expect(appId).toBe(SAMPLE_INBOUND.appId);
    expect(xml).toMatch(/^<xml>.*<\/xml>$/s);
  });

  it("encrypts exactly as WeChat's sample does for the same random prefix", () => {
    const { message, appId, random, encrypted } = SAMPLE_OUTBOUND;
    expect(encryptMpMessage(message, appId, SAMPLE_KEY, Buffer.from(random))).toBe(encrypted);
  });

  it('round-trips Chinese text', () => {
    const xml = '<xml><Content><![CDATA[你好，世界]]></Content></xml>';
    expect(decryptMpMessage(encryptMpMessage(xml, 'wx-mp-app', SAMPLE_KEY), SAMPLE_KEY)).toEqual({ xml, appId: 'wx-mp-app' });
  });

  it('pads to 32-byte blocks, adding a whole block when the frame is already aligned', () => {
    // 16 random + 4 length + 3 XML + 9 appid = 32 bytes
    const encrypted = encryptMpMessage('<a>', 'wx-mp-app', SAMPLE_KEY);
    expect(Buffer.from(encrypted, 'base64')).toHaveLength(64);
    expect(decryptMpMessage(encrypted, SAMPLE_KEY)).toEqual({ xml: '<a>', appId: 'wx-mp-app' });
  });

  it('uses fresh random bytes for each frame', () => {
    expect(encryptMpMessage('<xml/>', 'wx', SAMPLE_KEY)).not.toBe(encryptMpMessage('<xml/>', 'wx', SAMPLE_KEY));
  });

  it('refuses tampered, truncated or foreign frames with an MpCryptoError', () => {
    const good = Buffer.from(encryptMpMessage('<xml><a>1</a></xml>', 'wx-mp-app', SAMPLE_KEY), 'base64');
    const lastByteFlipped = Buffer.from(good);
    lastByteFlipped[lastByteFlipped.length - 1] ^= 0xff;
    const cases = [
      lastByteFlipped.toString('base64'),
      good.subarray(0, good.length - 16).toString('base64'),
      'not base64!',
      '',
      rawFrame(Buffer.concat([Buffer.alloc(16), Buffer.from([0, 0, 1, 0]), Buffer.from('<xml/>')])),
      rawFrame(Buffer.alloc(10)),
    ];
    for (const encrypted of cases) expect(() => decryptMpMessage(encrypted, SAMPLE_KEY)).toThrow(MpCryptoError);
    expect(() => decryptMpMessage(good.toString('base64'), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg')).toThrow(MpCryptoError);
  });
});
