import { z } from 'zod';
import type { OfficialPuppetNpmName } from 'wechaty';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const envSchema = z.object({
  // Required on purpose: wechaty's default puppet (wechat4u) loops forever trying to reach web WeChat.
  WECHATY_PUPPET: z
    .string({ error: 'required — the wechaty puppet to use, e.g. wechaty-puppet-service (see README)' })
    .trim()
    .regex(/^(@[\w.-]+\/)?wechaty-puppet-[\w.-]+$/, 'must be a wechaty puppet npm name, e.g. wechaty-puppet-service'),
  WECHATY_PUPPET_SERVICE_TOKEN: optionalString,
  SERVER_URL: z
    .string()
    .trim()
    .refine((value) => {
      try {
        return ['http:', 'https:'].includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, 'must be a URL starting with http:// or https://')
    .default('http://localhost:3000'),
  BOT_SERVICE_TOKEN: z
    .string({ error: 'required — the token the server accepts from the bot (same value as the server’s)' })
    .min(16, 'must be at least 16 characters'),
  BOT_NAME: z.string().trim().min(1).default('wesale-bot'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export interface BotConfig {
  /** wechaty resolves any `wechaty-puppet-*` module at run time; its type only lists the official ones. */
  puppet: OfficialPuppetNpmName;
  puppetToken?: string;
  serverUrl: string;
  botServiceToken: string;
  name: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every problem names its variable. */
export function loadBotConfig(source: NodeJS.ProcessEnv = process.env): BotConfig {
  const raw = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = parsed.data;
  return {
    puppet: env.WECHATY_PUPPET as OfficialPuppetNpmName,
    puppetToken: env.WECHATY_PUPPET_SERVICE_TOKEN,
    serverUrl: env.SERVER_URL,
    botServiceToken: env.BOT_SERVICE_TOKEN,
    name: env.BOT_NAME,
    logLevel: env.LOG_LEVEL,
  };
}
