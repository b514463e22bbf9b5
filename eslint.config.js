// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // shared/src/gen is generated from proto/ (npm run proto:gen)
  // *.as.ts is AssemblyScript (npm run build:wasm checks it): its types are not TypeScript's
  {
    ignores: [
      '**/*.as.ts',
      '**/dist/**',
      '**/node_modules/**',
      'coverage/**',
      'out/**',
      'results/**',
      'shared/src/gen/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
);
