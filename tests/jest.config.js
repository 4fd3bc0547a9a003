/** Cross-package suites: API tests against a real MariaDB database (TEST_DATABASE_URL). */
module.exports = {
  testEnvironment: 'node',
  // web/: component suites (each file opts into jsdom with a @jest-environment docblock); e2e/: browser flows.
  roots: ['<rootDir>/api', '<rootDir>/contract', '<rootDir>/web', '<rootDir>/e2e'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }] },
  // @ant-design/icons' CommonJS build requires the ES build of @ant-design/colors; give it the CommonJS one.
  moduleNameMapper: { '^@ant-design/colors/es/(.*)$': '@ant-design/colors/lib/$1' },
  globalSetup: '<rootDir>/support/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 1,
};
