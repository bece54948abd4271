import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'bench/tmp', 'data', 'drizzle', 'coverage', 'public/vendor'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  { files: ['public/**/*.js'], languageOptions: { globals: { ...globals.browser } } },
  {
    // Routes and CLI commands parse, call the domain and render: the database, its schema and the audit log are
    // reached only through domain commands and queries (docs/ARCHITECTURE.md).
    files: ['src/web/**/*.ts', 'src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)db/schema$', message: 'Call a domain command or query instead.' },
            {
              regex: '(^|/)db/client$',
              allowTypeImports: true,
              message: 'Routes and commands receive the db handle; the domain uses it.',
            },
            {
              regex: '(^|/)open-db$',
              message: 'Routes and commands receive the db handle; the domain uses it.',
            },
            { regex: '(^|/)audit/record-audit$', message: 'Domain commands audit their own change.' },
            { regex: '^drizzle-orm', message: 'Call a domain command or query instead.' },
            { regex: '^better-sqlite3$', message: 'Call a domain command or query instead.' },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='$client']",
          message: 'Raw SQL belongs in the domain: call a command or query.',
        },
      ],
    },
  },
  {
    // The CLI's composition root, as server.ts is the web's: it opens the database the commands run on.
    files: ['src/cli/context.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
);
