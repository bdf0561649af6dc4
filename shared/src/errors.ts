import { z } from 'zod';

/** Every error the API returns carries one of these codes; clients branch on the code, people read the message. */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  InvalidJson: 'INVALID_JSON',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  Conflict: 'CONFLICT',
  UsernameTaken: 'USERNAME_TAKEN',
  TeamNameTaken: 'TEAM_NAME_TAKEN',
  LastActiveAdmin: 'LAST_ACTIVE_ADMIN',
  SelfLockout: 'SELF_LOCKOUT',
  IllegalTransition: 'ILLEGAL_TRANSITION',
  InsufficientStock: 'INSUFFICIENT_STOCK',
  StockLimitExceeded: 'STOCK_LIMIT_EXCEEDED',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  RateLimited: 'RATE_LIMITED',
  WechatCodeInvalid: 'WECHAT_CODE_INVALID',
  WechatRateLimited: 'WECHAT_RATE_LIMITED',
  WechatUnavailable: 'WECHAT_UNAVAILABLE',
  SmsCodeInvalid: 'SMS_CODE_INVALID',
  SmsCodeExpired: 'SMS_CODE_EXPIRED',
  SmsUnavailable: 'SMS_UNAVAILABLE',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;
