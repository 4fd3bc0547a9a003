/** Cross-package suites: API tests against a real MariaDB database (TEST_DATABASE_URL). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/api', '<rootDir>/contract'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }] },
  globalSetup: '<rootDir>/support/global-setup.ts',
  testTimeout: 30000,
  maxWorkers: 1,
};
