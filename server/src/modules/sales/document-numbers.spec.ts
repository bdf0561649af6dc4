import { shanghaiDateStamp } from '@wesale/shared';
import { startTestServer, type TestServer } from '../../testing/test-server';

let server: TestServer;
const numbers = () => server.services.documentNumbers;

beforeAll(async () => {
  server = await startTestServer({ seedDemo: false });
  await server.dataSource.query('CREATE TABLE numbering_probe (number varchar(32) NOT NULL, CONSTRAINT uq_numbering_probe_number UNIQUE (number))');
});

afterAll(async () => {
  await server?.close();
});

const today = () => shanghaiDateStamp(new Date());

describe('document numbers', () => {
  it('gives 100 concurrent callers 100 different numbers of the day, in one sequence', async () => {
    const issued = await Promise.all(Array.from({ length: 100 }, () => numbers().next('SO', 'numbering_probe')));
    expect(new Set(issued).size).toBe(100);
    const sequences = issued.map((number) => Number(number.split('-')[1])).sort((a, b) => a - b);
    expect(sequences).toEqual(Array.from({ length: 100 }, (_, index) => index + 1));
    expect(issued[0]).toMatch(new RegExp(`^SO${today()}-\\d{4}$`));
  });

  it('keeps one sequence per prefix', async () => {
    expect(await numbers().next('FH', 'numbering_probe')).toBe(`FH${today()}-0001`);
    expect(await numbers().next('FH', 'numbering_probe')).toBe(`FH${today()}-0002`);
  });

  it('continues after the numbers in the database when the counter was lost', async () => {
    await server.dataSource.query('INSERT INTO numbering_probe (number) VALUES (?), (?)', [`HT${today()}-0041`, `HT${today()}-0007`]);
    expect(await numbers().next('HT', 'numbering_probe')).toBe(`HT${today()}-0042`);
  });

  it('takes the next number when the one it was given is already used', async () => {
    // The SO counter stands at 100 (first test); another writer already stored 0101.
    await server.dataSource.query('INSERT INTO numbering_probe (number) VALUES (?)', [`SO${today()}-0101`]);
    const tried: string[] = [];
    const created = await numbers().withNumber('SO', 'numbering_probe', async (number) => {
      tried.push(number);
      await server.dataSource.query('INSERT INTO numbering_probe (number) VALUES (?)', [number]);
      return number;
    });
    expect(tried).toEqual([`SO${today()}-0101`, `SO${today()}-0102`]);
    expect(created).toBe(`SO${today()}-0102`);
  });

  it('does not retry errors other than a taken number', async () => {
    await expect(
      numbers().withNumber('QT', 'numbering_probe', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
  });
});
