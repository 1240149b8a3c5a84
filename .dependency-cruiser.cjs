/**
 * Who may import whom (../shared/STYLE.md, "A layout that shows the architecture"), checked
 * in CI by `npm run deps` (part of `npm run lint`). Type-only imports count too: a type
 * import still couples the two files' authors.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'No import cycles at run time. Type-only imports are erased by the compiler, so a file may ' +
        'name a type of a file that imports it (inside one module; see modules-one-way).',
      from: { path: '^(server|workers)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'modules-one-way',
      severity: 'error',
      comment:
        'Dependencies between modules go one way, types included. A cascade across modules ' +
        '(deleting an enterprise or a campaign, re-rendering after a branding change) lives in ' +
        'server/use-cases/, which calls each service.',
      from: { path: '^server/modules/([^/]+)/' },
      to: { circular: true, via: { pathNot: '^server/modules/$1/' } },
    },
    {
      name: 'module-layers',
      severity: 'error',
      comment:
        'Modules are layered, lowest first: media, enterprises, campaigns and rendering, ads, ' +
        'scheduling. A module imports only lower ones; a cascade upwards is a use case.',
      from: { path: '^server/modules/media/' },
      to: { path: '^server/modules/(enterprises|campaigns|rendering|ads|scheduling)/' },
    },
    {
      name: 'module-layers',
      severity: 'error',
      from: { path: '^server/modules/enterprises/' },
      to: { path: '^server/modules/(campaigns|rendering|ads|scheduling)/' },
    },
    {
      name: 'module-layers',
      severity: 'error',
      from: { path: '^server/modules/campaigns/' },
      to: { path: '^server/modules/(rendering|ads|scheduling)/' },
    },
    {
      name: 'module-layers',
      severity: 'error',
      from: { path: '^server/modules/rendering/' },
      to: { path: '^server/modules/(campaigns|ads|scheduling)/' },
    },
    {
      name: 'module-layers',
      severity: 'error',
      from: { path: '^server/modules/ads/' },
      to: { path: '^server/modules/(scheduling)/' },
    },
    {
      name: 'model-stays-in-its-module',
      severity: 'error',
      comment:
        "A module's *.model.ts is imported only inside that module; other modules call its service. " +
        'Type-only imports of its constants types (a Role) are allowed. The two statistics and ' +
        'mutualisation models read field lists of the publication model until scheduling exports them.',
      from: {
        path: '^server/modules/([^/]+)/',
        pathNot: '^server/modules/(statistics/metric-snapshot|mutualisation/time-entry)[.]model[.]ts$',
      },
      to: {
        path: '^server/modules/[^/]+/.+[.]model[.]ts$',
        pathNot: '^server/modules/$1/',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'models-only-through-services',
      severity: 'error',
      comment:
        'Outside server/modules, only server/modules/models.ts (which registers models for index ' +
        'builds) and tests import a model.',
      from: { path: '^(server|workers|scripts|bench)/', pathNot: '^server/modules/' },
      to: { path: '^server/modules/[^/]+/.+[.]model[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-stay-small',
      severity: 'error',
      comment:
        'Platform adapters import only the channel types, adapter errors, lib/http-client and each ' +
        'other: no models, no services, no config.',
      from: {
        path: '^server/modules/channels/adapters/',
        // The registry is the wiring, not an adapter: it reads their settings from config.
        pathNot: '^server/modules/channels/adapters/registry[.]ts$',
      },
      to: {
        path: '^server/',
        pathNot: ['^server/modules/channels/adapters/', '^server/lib/http-client[.]ts$'],
      },
    },
    {
      name: 'workers-without-express-or-models',
      severity: 'error',
      comment: 'Workers call services and lib: never Express, routes or models.',
      from: { path: '^workers/' },
      to: {
        path: ['^server/modules/.+[.](model|routes)[.]ts$', '^server/(app|routes)[.]ts$', '^server/dashboard/'],
      },
    },
    {
      name: 'workers-without-express-package',
      severity: 'error',
      from: { path: '^workers/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'], path: 'node_modules/express/' },
    },
    {
      name: 'lib-is-plumbing',
      severity: 'error',
      comment: 'server/lib has no domain: it imports no module, no dashboard, no use case.',
      from: { path: '^server/lib/' },
      to: { path: '^server/(modules|dashboard|use-cases|simulator)/' },
    },
    {
      name: 'use-cases-call-services',
      severity: 'error',
      comment: 'A use case calls services (and lib), never models, routes or the dashboard.',
      from: { path: '^server/use-cases/' },
      to: { path: ['^server/modules/.+[.](model|routes)[.]ts$', '^server/dashboard/'] },
    },
    {
      name: 'modules-do-not-call-use-cases',
      severity: 'error',
      comment: 'Use cases sit above the services: routes, dashboard and workers call them, services do not.',
      from: { path: '^server/modules/.+[.](service|model|schemas)[.]ts$' },
      to: { path: '^server/use-cases/' },
    },
    {
      name: 'one-owner-per-library',
      severity: 'error',
      comment: 'sharp is owned by server/lib/sharp.ts; everyone else calls that file.',
      from: { path: '^(server|workers)/', pathNot: '^server/lib/sharp[.]ts$' },
      to: { path: 'node_modules/sharp/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^(server|workers)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^node_modules/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.cjs', '.mjs', '.json', '.d.ts'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
