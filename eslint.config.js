// ESLint flat config: typescript-eslint with the type-aware rules that catch real bugs here
// (floating promises), import cycles, and the determinism rules for workflow code (STYLE.md §6).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.data/**', '.turbo/**', 'bench/results/**', '**/*.js', '**/*.cjs', '**/*.mjs', 'apps/designer/vite.config.ts', 'packages/db/drizzle.config.ts'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createTypeScriptImportResolver({ project: ['packages/*/tsconfig.json', 'apps/*/tsconfig.json'] })] },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    // Tests and root configs are outside the packages' tsconfig projects: lint them without type information.
    files: ['**/*.test.ts', 'test/**/*.ts', 'vitest.config.ts', 'vitest.*.config.ts', 'vitest.serial.ts', 'bench/**/*.ts', 'packages/*/src/testing/**/*.ts'],
    ...tseslint.configs.disableTypeChecked,
    rules: { ...tseslint.configs.disableTypeChecked.rules, 'import-x/no-cycle': 'off' },
  },
  {
    // Workflow code is replayed: no I/O, no Node built-ins, no clock or randomness (STYLE.md §6).
    files: ['apps/worker/src/workflows/**/*.ts', 'packages/exchange/src/workflows/**/*.ts', 'packages/flow/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['node:*', 'fs', 'http', 'https', 'net', 'crypto', 'child_process', 'path', 'os'], message: 'No Node built-ins in workflow or flow code.' },
        { group: ['@temporalio/activity', '@temporalio/client', '@temporalio/worker', 'pg', 'drizzle-orm', 'drizzle-orm/*'], message: 'No I/O here: call an activity.' },
        { group: ['@lienthong/connectors/activities', '@lienthong/db', '@lienthong/services'], allowTypeImports: true, message: 'Types only.' },
      ] }],
      'no-restricted-globals': ['error', 'fetch', 'process', 'setInterval', 'setTimeout'],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now' }, { object: 'Math', property: 'random' }],
    },
  },
);
