import { loadConfig, type Config } from '../../src/config';

/** A validated config for tests, as the server would build it from these variables. */
export function testConfig(overrides: Record<string, string | undefined> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    DATABASE_PATH: ':memory:',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    MAIL_FROM: 'Sở Nội vụ <khaosat@snv.example.vn>',
    SESSION_SECRET: 'test-secret-test-secret-test-secret',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}
