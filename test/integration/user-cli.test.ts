import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildProgram } from '../../src/cli/main';
import { closeCliContext } from '../../src/cli/context';
import { openDb } from '../../src/open-db';
import { makeCampaign, makeUnit } from '../helpers/factories';
import { chooseOwnPassword, signIn, testApp } from '../helpers/web';

describe('user CLI', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-'));
  const file = path.join(dir, 'cli.sqlite');
  const saved = process.env.DATABASE_PATH;
  let printed: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    printed.push(args.join(' '));
  });

  beforeAll(() => {
    process.env.DATABASE_PATH = file;
    const db = openDb(file);
    const campaign = makeCampaign(db);
    makeUnit(db, campaign.id, { code: 'SNV', name: 'Sở Nội vụ' });
    db.$client.close();
  });
  afterAll(() => {
    log.mockRestore();
    process.env.DATABASE_PATH = saved;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<string> {
    printed = [];
    try {
      await buildProgram()
        .exitOverride()
        .parseAsync(['node', 'cchc', ...args]);
    } finally {
      closeCliContext();
    }
    return printed.join('\n');
  }

  function appOnFile() {
    const db = openDb(file);
    return { db, app: testApp(db, dir) };
  }

  it('creates an officer bound to a unit, printing a generated password once, that signs in', async () => {
    const out = await cli('user', 'create', '--username', 'daumoi.snv', '--role', 'officer', '--unit', 'SNV');
    const password = /chỉ hiển thị một lần\): (\S+)/.exec(out)![1]!;
    expect(password).toHaveLength(16);
    expect(await cli('user', 'list')).toMatch(/daumoi\.snv\tofficer\thoạt động\tSNV/);
    const { db, app } = appOnFile();
    try {
      const agent = await signIn(app, 'daumoi.snv', password);
      // A printed password is someone else's: the officer chooses their own first.
      expect((await agent.get('/officer')).headers.location).toBe('/doi-mat-khau');
      await chooseOwnPassword(agent, password);
      expect((await agent.get('/officer')).text).toContain('Sở Nội vụ');
    } finally {
      db.$client.close();
    }
  });

  it('refuses an unknown unit code and a weak password', async () => {
    await expect(
      cli('user', 'create', '--username', 'ke.la', '--role', 'officer', '--unit', 'NOPE'),
    ).rejects.toThrow('Không có đơn vị mã: NOPE');
    await expect(
      cli('user', 'create', '--username', 'ke.yeu', '--role', 'admin', '--password', 'short'),
    ).rejects.toThrow('ít nhất 10 ký tự');
  });

  it('sets the units an officer sees, and refuses an unknown unit code', async () => {
    await cli(
      'user',
      'create',
      '--username',
      'daumoi.hai',
      '--role',
      'officer',
      '--password',
      'mat-khau-ban-dau',
    );
    expect(await cli('user', 'units', 'daumoi.hai', '--unit', 'SNV')).toContain('SNV');
    expect(await cli('user', 'list')).toMatch(/daumoi\.hai\tofficer\thoạt động\tSNV/);
    await expect(cli('user', 'units', 'daumoi.hai', '--unit', 'SNV', 'NOPE')).rejects.toThrow(
      'Không có đơn vị mã: NOPE',
    );
    await cli('user', 'units', 'daumoi.hai');
    expect(await cli('user', 'list')).toMatch(/daumoi\.hai\tofficer\thoạt động\t-/);
  });

  it('refuses to lock the account it acts as, like the admin pages', async () => {
    await cli(
      'user',
      'create',
      '--username',
      'snv.tu-khoa',
      '--role',
      'admin',
      '--password',
      'mat-khau-ban-dau',
    );
    await expect(cli('--as', 'snv.tu-khoa', 'user', 'disable', 'snv.tu-khoa')).rejects.toThrow(
      'Bạn không thể tự khóa tài khoản của mình.',
    );
    expect(await cli('user', 'list')).toMatch(/snv\.tu-khoa\tadmin\thoạt động/);
  });

  it('resets a password, disables and enables an account', async () => {
    await cli('user', 'create', '--username', 'snv.qt', '--role', 'admin', '--password', 'mat-khau-ban-dau');
    const out = await cli('user', 'password', 'snv.qt');
    const fresh = /\): (\S+)$/.exec(out)![1]!;
    await cli('user', 'disable', 'snv.qt');
    expect(await cli('user', 'list')).toMatch(/snv\.qt\tadmin\tđã khóa/);
    const { db, app } = appOnFile();
    try {
      await expect(signIn(app, 'snv.qt', fresh)).rejects.toThrow('401');
      await cli('user', 'enable', 'snv.qt');
      await signIn(app, 'snv.qt', fresh);
      await expect(signIn(app, 'snv.qt', 'mat-khau-ban-dau')).rejects.toThrow('401');
      const actors = db.$client
        .prepare("select distinct actor from audit_log where action like 'user.%'")
        .all();
      // Without --as, the command line acts as the operating-system user, named as such.
      expect(actors).toEqual([{ actor: `${os.userInfo().username} (CLI)` }]);
    } finally {
      db.$client.close();
    }
  });
});
