// typescript-eslint's recommended rules on everything we write; `npm run lint` runs it with Prettier.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'neo4j-embedded/target/', 'tests/artifacts/', '.neo4j-data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_name` marks a parameter or binding kept on purpose (a resolver's signature, a destructured rest).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // type-graphql takes classes (resolvers, types) as `Function`, and so do our helpers around it.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
  {
    // The explorer runs in browsers, as plain ES modules.
    files: ['src/explorer/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker, cytoscape: 'readonly' } },
  },
  {
    // Tests read answers of any shape.
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
