import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

/**
 * The layering of STYLE.md, enforced: a file that needs an exception has landed in the
 * wrong folder. Dependencies point inward — renderer → shared + core; main and central →
 * core + shared + net (Node-only plumbing both share); core → shared types; shared → zod;
 * net → Node built-ins — and nothing imports main or central
 * but their own entries, tests and benches. Patterns are relative-path globs because the
 * source uses relative imports throughout.
 */
const outsideShared = ['../core/*', '../main/*', '../central/*', '../renderer/*', '../gateway-sim/*', '../../*'];
const layers = [
  {
    name: 'core',
    files: ['src/core/**/*.ts'],
    patterns: [
      { group: ['electron', 'socket.io', 'socket.io-client', 'better-sqlite3', 'pg', 'ioredis', 'fastify', 'react', 'node:*'], message: 'src/core is pure: no Electron, sockets, HTTP, database drivers or Node APIs.' },
      { group: ['../main/*', '../central/*', '../renderer/*', '../gateway-sim/*', '../../*'], message: 'src/core imports nothing but src/shared types.' },
    ],
  },
  {
    name: 'shared',
    files: ['src/shared/**/*.ts'],
    patterns: [
      { group: outsideShared, message: 'src/shared holds wire schemas: it imports only zod and itself.' },
      { regex: '^(?!zod$|socket\\.io$|socket\\.io-client$|\\./)', message: 'src/shared imports only zod (and Socket.IO types for the typed event maps).' },
    ],
  },
  {
    name: 'renderer',
    files: ['src/renderer/**/*.{ts,tsx}'],
    patterns: [{ group: ['**/main/**', '**/central/**', '**/gateway-sim/**', '**/net/**', 'better-sqlite3', 'pg', 'fastify', 'ioredis', 'node:*', 'electron'], message: 'The renderer talks to the hub over HTTP and sockets only; it may use src/shared and src/core (pure formatting and maths).' }],
  },
  {
    name: 'central',
    files: ['src/central/**/*.ts'],
    patterns: [{ group: ['**/main/**', '**/renderer/**', 'better-sqlite3', 'electron'], message: 'Central never imports the hub or the renderer.' }],
  },
  {
    name: 'main',
    files: ['src/main/**/*.ts'],
    patterns: [{ group: ['**/central/**', '**/renderer/**', '**/gateway-sim/**'], message: 'The hub never imports central, the renderer or the simulator: they meet over the wire (src/shared).' }],
  },
  {
    name: 'net',
    files: ['src/net/**/*.ts'],
    patterns: [{ group: ['../*', '../../*'], message: 'src/net is Node-only plumbing shared by the hub and central: it imports Node built-ins and itself only.' }],
  },
  {
    name: 'preload',
    files: ['src/preload/**/*.ts'],
    patterns: [{ group: ['**/main/**', '**/central/**', '**/renderer/**', 'better-sqlite3'], message: 'The preload exposes a small typed API and nothing else.' }],
  },
];

export default tseslint.config(
  { ignores: ['node_modules', 'out', 'dist', 'artifacts', 'test-results', '.cache'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', window: 'readonly', document: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // No import cycles anywhere in src/: a cycle hides who depends on whom.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], extensionAlias: { '.js': ['.ts', '.tsx', '.js'] } }),
      ],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Routes call services only: the SQL and the transactions belong to services and db/.
    files: ['src/main/hub/routes/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name=/^(q|db|write|append)$/][object.type='MemberExpression'][object.property.name='store']",
          message: 'Routes call services (ctx.store.<service>.<method>), never the store connection (q, db, write, append).',
        },
      ],
    },
  },
  ...layers.map((layer) => ({
    files: layer.files,
    // Unit tests sit beside the code and import their runner (and fixtures) freely.
    ignores: ['**/*.test.ts', '**/*.test.tsx'],
    rules: { 'no-restricted-imports': ['error', { patterns: layer.patterns }] },
  })),
);
