import { ErrorCode } from '@wesale/shared';
import type { z, ZodError } from 'zod';
import { AppError } from '../errors';

export function zodDetails(error: ZodError) {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), code: issue.code, message: issue.message }));
}

/** Parses one part of the request; unknown keys are stripped by the schema, so the parsed value replaces the input. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const details = zodDetails(result.error);
  const first = details[0];
  const summary = first ? `${first.path ? `${first.path}：` : ''}${first.message}` : '格式不正确';
  throw new AppError(400, ErrorCode.ValidationFailed, `${where}有误 — ${summary}`, details);
}
