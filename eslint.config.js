// Flat config with type-aware rules (see README, Testing and quality), and the layering below.
import { join } from 'node:path';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/*
 * Dependencies point one way: wiring → pages → features → core.
 * - wiring: the entry points and app modules (src/*.ts) and src/app/ (the HTTP app, the queue
 *   board, the data source and its entity list); may import anything, and nothing imports it.
 * - pages: src/web/, over any feature.
 * - features: the folders below, bottom first; each imports core and the features before it,
 *   never one after it, so feature folders cannot form a cycle.
 * - core: src/core/, cross-cutting infrastructure, importing no other folder of src/.
 */
const FEATURES = [
  'units',
  'users',
  'auth',
  'calendar',
  'tasks',
  'periods',
  'notifications',
  'escalation',
  'directives',
  'targets',
  'compliance',
  'chain',
  'documents',
  'audit',
  'health',
  'demo',
];

/*
 * Pure domain files, by folder: plain TypeScript, unit-tested without a database. They import
 * only each other (and *.errors.ts) and no framework, database or queue package.
 */
const PURE = {
  'src/core/errors': ['domain-error'],
  'src/core/access': ['role', 'body-scope'],
  'src/calendar': ['working-calendar', 'adjustment-kind'],
  'src/tasks': ['task-status', 'task-workflow', 'task-flags', 'deadlines', 'recurrence'],
  'src/periods': ['period-schedule', 'period-status', 'period-cell'],
  'src/escalation': ['escalation-policy', 'escalation-steps'],
  'src/directives': [
    'directive-status',
    'default-deadline',
    'part-resolution',
    'publication-plan',
    'pdf-layout',
  ],
  'src/directives/parser': ['!(*.spec)'],
  'src/units': ['unit-resolver', 'issuer-groups', 'issuer-scope', 'vietnamese-text', 'unit-kind', 'unit-body'],
  'src/targets': ['target-progress', 'target-rollup'],
  'src/chain': ['chain-tree'],
  'src/compliance': [
    'compliance-figures',
    'compliance.types',
    'compliance-tables',
    'compliance-export',
    'period-grid',
    'compliance-chain',
  ],
  'src/documents': [
    'document-inputs',
    'official-layout',
    'report-document',
    'urging-letter-document',
  ],
  'src/notifications': ['notification-texts', 'webhook-signature'],
  'src/web': ['format', 'parser-warnings'],
  'src/web/i18n': ['vi'],
};
const PURE_FILES = [
  ...Object.entries(PURE).map(([folder, names]) => `${folder}/@(${names.join('|')}).ts`),
  'src/**/*.errors.ts',
];

// Only a module registers a controller; what a service shares with one lives in *.dto.ts or *.form.ts.
const NO_CONTROLLERS = {
  regex: '\\.controller(\\.js)?$',
  message:
    'Only a module imports a controller: move shared classes to a *.dto.ts or *.form.ts file.',
};

const layerZones = [
  {
    target: 'src/core',
    from: 'src',
    except: ['./core'],
    message:
      'core imports no feature, page or wiring: take it as a parameter, or move the file up.',
  },
  { target: 'src/core', from: 'migrations', message: 'the migration list is wiring (src/app).' },
  ...FEATURES.map((feature, index) => ({
    target: `src/${feature}`,
    from: 'src',
    except: ['./core', ...FEATURES.slice(0, index + 1).map((below) => `./${below}`)],
    message: `${feature} may import core and the features before it in FEATURES (eslint.config.js).`,
  })),
  {
    target: 'src/web',
    from: 'src',
    except: ['./core', './web', ...FEATURES.map((feature) => `./${feature}`)],
    message: 'pages import features and core, never the wiring.',
  },
  {
    target: PURE_FILES,
    from: 'src/**',
    except: PURE_FILES.map((glob) => join(import.meta.dirname, glob)),
    message: 'a pure domain file imports only other pure files (PURE in eslint.config.js).',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'eslint.config.js', 'jest.config.js'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  prettier,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['test/global-setup.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      eqeqeq: ['error', 'always'],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Specs are tests, as test/ is: they may borrow another folder's fixtures.
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.spec.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // no-cycle reads the imported files: .ts ones with the TypeScript parser.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: import.meta.dirname, zones: layerZones },
      ],
      // Also within a folder: a cycle means a boundary is wrong (type-only imports do not count).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.module.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NO_CONTROLLERS] }] },
  },
  {
    files: PURE_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            NO_CONTROLLERS,
            {
              regex: '^(@nestjs|@fastify|@bull-board)/|^(typeorm|bullmq|ioredis|pg|fastify)(/|$)',
              message: 'pure domain files import no framework, database or queue package.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: { process: 'readonly' },
    },
  },
  {
    // The pages' browser scripts: plain ES5-compatible JavaScript, no type information.
    files: ['src/web/public/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        sessionStorage: 'readonly',
        XMLHttpRequest: 'readonly',
        FormData: 'readonly',
      },
    },
  },
  {
    // Tests read loosely typed JSON replies.
    files: ['test/**/*.ts', '**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
