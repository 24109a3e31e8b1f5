// Lint: typescript-eslint with type information, prettier for layout, and the layer rules of
// docs/ARCHITECTURE.md enforced with no-restricted-imports (not left to memory).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const IO_MODULES = [
  { name: 'kysely', message: 'Pure files hold no database code: put queries in a *.store.ts file.' },
  { name: 'better-sqlite3', message: 'Pure files hold no database code.' },
  { name: 'pg', message: 'Pure files hold no database code.' },
  { name: 'hono', message: 'Pure files hold no HTTP code: put routes in a *.routes.ts file.' },
  { name: '@hono/zod-openapi', message: 'Pure files hold no HTTP code.' },
  { name: 'commander', message: 'Pure files hold no CLI code: put commands in a *.commands.ts file.' },
  { name: 'node:fs', message: 'Pure files do no file I/O: take the data as an argument.' },
  { name: 'node:fs/promises', message: 'Pure files do no file I/O: take the data as an argument.' },
];
const IO_FILES = {
  group: [
    '**/*.store.ts',
    '**/*.store.js',
    '**/*.routes.ts',
    '**/*.commands.ts',
    '**/store/**',
    '**/server/**',
    '**/cli/**',
    '**/setup/**',
  ],
  message:
    'A pure file imports no *.store.ts, *.routes.ts, *.commands.ts, store/, server/, cli/ or setup/ (docs/ARCHITECTURE.md).',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'web/dist/**',
      'web/src/api/schema.d.ts',
      'coverage/**',
      'docs/**',
      '.ci/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.name='eval']",
          message: 'No eval: parse formulas with catalogue/formula.ts.',
        },
        { selector: "NewExpression[callee.name='Function']", message: 'No new Function.' },
      ],
    },
  },
  {
    // Pure model and logic: every src file that is not an I/O edge, a composition layer or a test.
    files: ['src/**/*.ts'],
    ignores: [
      'src/**/*.store.ts',
      'src/**/*.routes.ts',
      'src/**/*.commands.ts',
      'src/**/*.test.ts',
      'src/store/**',
      'src/server/**',
      'src/cli/**',
      'src/setup/**',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: IO_MODULES, patterns: [IO_FILES] }] },
  },
  {
    // The kernel depends on nothing of Atalaya's.
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES,
          patterns: [{ group: ['../*'], message: 'kernel/ imports nothing from features or layers.' }],
        },
      ],
    },
  },
  {
    // The store layer knows no feature.
    files: ['src/store/**/*.ts'],
    ignores: ['src/store/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '../*',
                '!../kernel',
                '!../kernel/*',
                '!../store.ts',
                '!../migrations.ts',
                '!../schema.ts',
              ],
              message: 'store/ depends on kernel/ only.',
            },
          ],
        },
      ],
    },
  },
  {
    // A feature's I/O edges (queries, commands) never reach up into the CLI or the server.
    files: ['src/**/*.store.ts', 'src/**/*.commands.ts'],
    ignores: ['src/server/**', 'src/cli/**', 'src/setup/**', 'src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/*', '**/server/*'],
              message: 'Features do not import cli/ or server/ (routes excepted).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  prettier,
);
