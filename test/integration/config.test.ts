import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('defaults to an SQLite file under data/ and file mail when nothing is set', () => {
    const config = loadConfig({});
    expect(config.databaseFile).toMatch(/data\/cchc\.sqlite$/);
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.PUBLIC_URL).toBe('http://localhost:3000');
  });

  it('builds the links on the chosen port unless PUBLIC_URL says otherwise', () => {
    expect(loadConfig({ PORT: '3555' }).PUBLIC_URL).toBe('http://localhost:3555');
    expect(loadConfig({ PORT: '3555', PUBLIC_URL: 'https://khaosat.sonoivu.gov.vn/' }).PUBLIC_URL).toBe(
      'https://khaosat.sonoivu.gov.vn',
    );
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
