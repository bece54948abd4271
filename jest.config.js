/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Transpile only (types are checked by `tsc --noEmit` in `npm test`), so test files start fast.
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/src/**/*.test.ts'],
  testTimeout: 60000,
  // Compiled copies of the sources (npm run build, npm run bench) are never what a test imports.
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/bench/tmp/'],
};
