/** Document numbers: prefix + Shanghai calendar date + 4-digit daily sequence, e.g. SO20261122-0001. */
export function shanghaiDateStamp(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  return shanghai.toISOString().slice(0, 10).replace(/-/g, '');
}

export function formatDocumentNumber(prefix: string, at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `${prefix}${shanghaiDateStamp(at)}-${String(sequence).padStart(4, '0')}`;
}
