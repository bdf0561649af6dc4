import { ConfigError, loadBotConfig } from './config';

const valid = {
  WECHATY_PUPPET: 'wechaty-puppet-service',
  BOT_SERVICE_TOKEN: 'bot-token-for-tests-0123456789',
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadBotConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadBotConfig', () => {
  it('refuses to start without WECHATY_PUPPET and says so by name', () => {
    const problems = problemsOf({ BOT_SERVICE_TOKEN: valid.BOT_SERVICE_TOKEN });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^WECHATY_PUPPET: required/);
  });

  it('treats an empty WECHATY_PUPPET as missing', () => {
    expect(problemsOf({ ...valid, WECHATY_PUPPET: '' })[0]).toMatch(/^WECHATY_PUPPET: required/);
  });

  it('rejects a WECHATY_PUPPET that is not a puppet package name', () => {
    expect(problemsOf({ ...valid, WECHATY_PUPPET: 'mock' })[0]).toMatch(/^WECHATY_PUPPET: must be a wechaty puppet/);
  });

  it('requires BOT_SERVICE_TOKEN', () => {
    expect(problemsOf({ WECHATY_PUPPET: valid.WECHATY_PUPPET })[0]).toMatch(/^BOT_SERVICE_TOKEN: required/);
  });

  it('rejects a SERVER_URL that is not http(s)', () => {
    expect(problemsOf({ ...valid, SERVER_URL: 'localhost:3000' })[0]).toMatch(/^SERVER_URL: must be a URL/);
  });

  it('defaults the server URL and passes the puppet token through', () => {
    const config = loadBotConfig({ ...valid, WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_padlocal_abc' });
    expect(config).toMatchObject({
      puppet: 'wechaty-puppet-service',
      puppetToken: 'puppet_padlocal_abc',
      serverUrl: 'http://localhost:3000',
      botServiceToken: valid.BOT_SERVICE_TOKEN,
    });
  });

  it('accepts scoped puppet packages', () => {
    expect(loadBotConfig({ ...valid, WECHATY_PUPPET: '@juzibot/wechaty-puppet-wxwork' }).puppet).toBe(
      '@juzibot/wechaty-puppet-wxwork',
    );
  });
});
