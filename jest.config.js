// One jest run covers every workspace. The server suites run twice: on MariaDB + Redis (the authority)
// and on the embedded default (SQLite + the in-process store). test/global-setup.js starts the servers.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.tsx?$': swc },
  moduleNameMapper: {
    '^@wesale/shared$': '<rootDir>/shared/src/index.ts',
    '^@wesale/shared/(.*)$': '<rootDir>/shared/src/$1',
  },
  rootDir: __dirname,
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  testTimeout: 30000,
  projects: [
    { ...common, displayName: 'shared', testMatch: ['<rootDir>/shared/src/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'server-mariadb',
      testMatch: ['<rootDir>/server/src/**/*.spec.ts'],
      setupFiles: ['<rootDir>/test/use-mysql.js'],
    },
    {
      ...common,
      displayName: 'server-sqlite',
      testMatch: ['<rootDir>/server/src/**/*.spec.ts'],
      // Pure unit specs and MariaDB-specific ones (migrations, stopping a database) run once, in server-mariadb.
      testPathIgnorePatterns: ['\\.unit\\.spec\\.ts$', '\\.mariadb\\.spec\\.ts$'],
      setupFiles: ['<rootDir>/test/use-sqlite.js'],
    },
    { ...common, displayName: 'bot', testMatch: ['<rootDir>/bot/src/**/*.spec.ts'], setupFiles: ['<rootDir>/test/use-mysql.js'] },
    {
      ...common,
      displayName: 'miniprogram-e2e',
      testMatch: ['<rootDir>/miniprogram/e2e/**/*.e2e.ts'],
      setupFiles: ['<rootDir>/test/use-mysql.js'],
    },
  ],
};
