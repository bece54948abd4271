/** Import rules run in `npm test` (npm run check:imports): no cycle between modules, nor between the folders of src/. */
module.exports = {
  forbidden: [
    {
      name: 'no-module-cycle',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycle',
      comment:
        'A folder is a domain noun (or web/, cli/): the import graph between them is a one-way street.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
