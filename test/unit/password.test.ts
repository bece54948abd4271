import { generatePassword, hashPassword, verifyPassword } from '../../src/auth/password';

describe('password hashing', () => {
  it('stores scrypt parameters, salt and hash, and verifies only the right password', async () => {
    const hash = await hashPassword('mat-khau-du-dai-2019');
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    await expect(verifyPassword('mat-khau-du-dai-2019', hash)).resolves.toBe(true);
    await expect(verifyPassword('mat-khau-du-dai-2018', hash)).resolves.toBe(false);
    await expect(verifyPassword('mat-khau-du-dai-2019', 'plain-text')).resolves.toBe(false);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('cung-mot-mat-khau')).not.toBe(await hashPassword('cung-mot-mat-khau'));
  });

  it('generates 16-character passwords without look-alike characters', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
