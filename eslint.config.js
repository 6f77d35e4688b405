// ESLint flat config. `npm run lint` runs it after `prettier --check` and before the
// folder-cycle check (scripts/check-cycles.js); formatting is Prettier's job, not ESLint's.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/**
 * SQL lives in src/store (STYLE.md: "every SQL statement lives in one folder, next to the
 * migrations; the rest of the code calls named functions"). Outside it, no statement is
 * prepared or run on a connection. Regex `.exec(str)` and other `prepare()` methods stay
 * allowed: only SQL text written in place, or a receiver named like the connection, counts.
 */
const SQL_OUTSIDE_STORE = 'SQL belongs in src/store: add or use a named function in a src/store module instead.';
const NO_SQL_SYNTAX = [
  { selector: "CallExpression[callee.property.name='pragma']", message: `db.pragma() outside src/store. ${SQL_OUTSIDE_STORE}` },
  {
    selector: 'CallExpression[callee.property.name=/^(prepare|exec)$/][arguments.0.type=/^(Literal|TemplateLiteral)$/]',
    message: `SQL text passed to prepare()/exec() outside src/store. ${SQL_OUTSIDE_STORE}`,
  },
  {
    selector:
      'CallExpression[callee.property.name=/^(prepare|exec)$/]:matches([callee.object.name=/^db$/i], [callee.object.property.name=/^db$/i], [callee.object.callee.name=/^db$/i])',
    message: `db.prepare()/db.exec() outside src/store. ${SQL_OUTSIDE_STORE}`,
  },
];
const NO_SQL_IMPORTS = {
  paths: [
    {
      name: 'better-sqlite3',
      allowTypeImports: true,
      message: `Only src/store opens and drives the SQLite connection; elsewhere use the Db type from src/store/db.js. ${SQL_OUTSIDE_STORE}`,
    },
  ],
  patterns: [
    {
      regex: '(^|/)store/stmt(\\.js)?$',
      message: `stmt() runs raw SQL; it is private to src/store. ${SQL_OUTSIDE_STORE}`,
    },
  ],
};

/** src/cli/output.ts is the CLI's one way to print (terminal-safe); the daemon logs through pino. */
const NO_DIRECT_OUTPUT_SYNTAX = [
  {
    selector: "CallExpression[callee.property.name='write'][callee.object.object.name='process'][callee.object.property.name=/^(stdout|stderr)$/]",
    message: 'Print through src/cli/output.ts (printOut / printErr: terminal-safe) or log with pino; nothing else in src/ writes to stdout/stderr.',
  },
];

export default defineConfig([
  globalIgnores(['dist/', 'dist-bench/', 'data/', 'templates/', 'node_modules/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Promises only (STYLE.md): an unawaited promise loses its rejection.
      '@typescript-eslint/no-floating-promises': 'error',
      // The code already marks type-only imports (`import type`, `{ type X }`); keep it so.
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
      // Interface methods return a Promise so every implementation can be awaited alike
      // (MailSource.start, MailTransport.close); some have nothing to await. Off by choice.
      '@typescript-eslint/require-await': 'off',
      // `_`-prefixed names are deliberately unused (positional parameters, destructuring).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' }],
    },
  },
  {
    // Build scripts and this file are plain JavaScript outside the tsconfig projects.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // vitest's asymmetric matchers (expect.any, expect.stringContaining, ...) are typed `any`.
      '@typescript-eslint/no-unsafe-assignment': 'off',
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-console': 'error',
      'no-restricted-syntax': ['error', ...NO_SQL_SYNTAX, ...NO_DIRECT_OUTPUT_SYNTAX],
      'no-restricted-imports': ['error', NO_SQL_IMPORTS],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_DIRECT_OUTPUT_SYNTAX],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The one module that writes to the terminal (everything through terminalSafe).
    files: ['src/cli/output.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...NO_SQL_SYNTAX],
    },
  },
]);
