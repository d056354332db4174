// ESLint: typescript-eslint's strict rules over the whole project; formatting is Prettier's
// (eslint-config-prettier turns off the rules that would disagree with it).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', '**/.coverage-bot-cache/'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    languageOptions: { globals: globals.node },
    rules: {
      // With noUncheckedIndexedAccess, `xs[i]!` after a bounds check is how this codebase
      // says "checked": the rule would turn every such index into a runtime test.
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Matching control characters is the point of the input sanitisers.
      'no-control-regex': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read the bodies the bot sent to the loopback Discord as JSON of any shape.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
