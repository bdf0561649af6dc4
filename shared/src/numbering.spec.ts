import { formatDocumentNumber, shanghaiDateStamp } from './numbering';

describe('document numbers', () => {
  it('uses the Shanghai calendar day', () => {
    // 2026-11-21 17:30 UTC is already 2026-11-22 in Shanghai.
    expect(shanghaiDateStamp(new Date('2026-11-21T17:30:00Z'))).toBe('20261122');
    expect(shanghaiDateStamp(new Date('2026-11-21T15:30:00Z'))).toBe('20261121');
  });

  it('formats prefix, date and a 4-digit sequence', () => {
    expect(formatDocumentNumber('SO', new Date('2026-11-22T02:00:00Z'), 1)).toBe('SO20261122-0001');
    expect(formatDocumentNumber('QT', new Date('2026-11-22T02:00:00Z'), 12345)).toBe('QT20261122-12345');
  });

  it('refuses a sequence below 1', () => {
    expect(() => formatDocumentNumber('SO', new Date(), 0)).toThrow(RangeError);
  });
});
