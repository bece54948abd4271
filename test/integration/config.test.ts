import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to an SQLite file under data/ and file mail when nothing is set', () => {
    const config = loadConfig({});
    expect(config.databaseFile).toMatch(/data\/cchc\.sqlite$/);
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
  });

  it('reports every invalid variable at once', () => {
    expect(() => loadConfig({ PORT: 'abc', SMTP_URL: 'not a url', PUBLIC_URL: 'ftp://x' })).toThrow(
      ConfigError,
    );
    try {
      loadConfig({ PORT: 'abc', SMTP_URL: 'not a url', PUBLIC_URL: 'ftp://x' });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/PORT/);
      expect(message).toMatch(/SMTP_URL/);
      expect(message).toMatch(/PUBLIC_URL/);
    }
  });
});
