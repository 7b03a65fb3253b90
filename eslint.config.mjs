import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'runs/', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // core/ never imports a concrete plugin (docs/design.md §1)
      'no-restricted-imports': 'off',
    },
  },
  {
    // one index per plugin kind, kept alphabetical (docs/style.md §4)
    files: ['plugins/*/index.ts', 'plugins/index.ts'],
    rules: { 'sort-keys': ['error', 'asc', { caseSensitive: true, natural: true }] },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/plugins/**', '../plugins/*', '../../plugins/*'], message: 'core/ must not import a concrete plugin (docs/design.md §1)' }] },
      ],
    },
  },
);
