import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/.next/**', '**/node_modules/**', '**/next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Plain Node scripts (the cluster suites).
    files: ['tests/cluster/**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(['process', 'console', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch',
        'AbortSignal', 'URL', 'Buffer'].map((g) => [g, 'readonly'])),
    },
  },
  {
    // Test suites read untyped GraphQL JSON.
    files: ['tests/**/*.ts', 'tests/**/*.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
