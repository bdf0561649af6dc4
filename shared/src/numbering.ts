import { shanghaiDate } from './calendar';

/** Document numbers: prefix + Shanghai calendar date + 4-digit daily sequence, e.g. SO20261122-0001. */
export function shanghaiDateStamp(at: Date = new Date()): string {
  return shanghaiDate(at).replace(/-/g, '');
}

export function formatDocumentNumber(prefix: string, at: Date, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError('sequence must be a positive integer');
  return `${prefix}${shanghaiDateStamp(at)}-${String(sequence).padStart(4, '0')}`;
}
