import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main';
import { vietnameseCommanderError } from '../../src/cli/vietnamese-help';
import { projectRoot } from '../../src/paths';
import { cliOn, runCli } from '../helpers/cli';

const cli = (...args: string[]) => runCli({}, ...args);

const ENGLISH = /Usage:|Options:|Commands:|Arguments:|display help|\[options\]|\[command\]|default:/;

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

describe('the CLI help in Vietnamese', () => {
  it('labels the help of the program and of every subcommand in Vietnamese, with no English label left', () => {
    const commands = everyCommand(buildProgram());
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      const help = command.helpInformation();
      const where = `help of "${command.name()}"`;
      expect({ where, usage: help.includes('Cách dùng:') }).toEqual({ where, usage: true });
      expect({ where, option: /-h, --help +hiển thị trợ giúp/.test(help) }).toEqual({ where, option: true });
      expect({ where, english: ENGLISH.exec(help)?.[0] }).toEqual({ where, english: undefined });
      if (command.commands.length > 0) expect(help).toContain('Lệnh:');
    }
  });

  it('prints Vietnamese labels for `--help` and `<command> --help` run as a process', async () => {
    const top = (await cli('--help')).stdout;
    expect(top).toContain('Cách dùng: cchc [tùy chọn] [lệnh]');
    expect(top).toContain('Tùy chọn:');
    expect(top).toContain('Lệnh:');
    expect(top).toMatch(/-h, --help +hiển thị trợ giúp/);
    expect(top).toMatch(/help \[lệnh\] +hiển thị trợ giúp của một lệnh/);
    const sub = (await cli('campaign', 'create', '--help')).stdout;
    expect(sub).toContain('Cách dùng: cchc campaign create [tùy chọn]');
    expect(sub).toMatch(/-h, --help +hiển thị trợ giúp/);
    expect(sub).not.toMatch(ENGLISH);
  });

  it('reports an unknown option in Vietnamese and exits with an error', async () => {
    await expect(cli('campaign', 'list', '--bogus')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("lỗi: không có tùy chọn '--bogus'"),
    });
  });
});

describe('invalid values given to a CLI command', () => {
  it('are reported in Vietnamese with exit code 1, not as a stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-'));
    try {
      const cli = cliOn(path.join(dir, 'cli.sqlite'));
      const create = (...args: string[]) => cli('campaign', 'create', ...args);
      const failure = await create('--name', 'x', '--year', 'hai nghìn').then(
        () => null,
        (error: { code: number; stderr: string }) => error,
      );
      expect(failure).toMatchObject({ code: 1 });
      expect(failure!.stderr).toContain('Lỗi: ');
      expect(failure!.stderr).toContain('Tên đợt khảo sát cần ít nhất 3 ký tự.');
      expect(failure!.stderr).toContain('Năm đánh giá phải từ 2000 đến 2100.');
      expect(failure!.stderr).not.toMatch(/ZodError|\n\s+at /);
      expect((await create('--name', 'Khảo sát 2020', '--year', '2020')).stdout).toContain(
        'Đã tạo đợt khảo sát #1',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a file the CLI cannot open', () => {
  it('is named in a Vietnamese error with exit code 1, not as an ENOENT stack trace', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-cli-'));
    try {
      const command = cliOn(path.join(dir, 'cli.sqlite'));
      const failure = (...args: string[]) =>
        command(...args).then(
          () => null,
          (error: { code: number; stderr: string }) => error,
        );
      await command('campaign', 'create', '--name', 'Khảo sát 2020', '--year', '2020');
      const missing = path.join(dir, 'khong-co.csv');
      const imported = await failure('units', 'import', missing, '--campaign', '1');
      expect(imported).toMatchObject({ code: 1 });
      expect(imported!.stderr).toContain(`Lỗi: Không tìm thấy tệp hoặc thư mục "${missing}".`);
      expect(imported!.stderr).not.toMatch(/ENOENT|\n\s+at /);
      const out = path.join(dir, 'khong-co', 'ket-qua.csv');
      const exported = await failure('export', 'results', '--campaign', '1', '--format', 'csv', '--out', out);
      expect(exported).toMatchObject({ code: 1 });
      expect(exported!.stderr).toContain(`Lỗi: Không tìm thấy tệp hoặc thư mục "${out}".`);
      expect(exported!.stderr).not.toMatch(/ENOENT|\n\s+at /);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vietnameseCommanderError', () => {
  it.each([
    [
      "error: unknown command 'campaing'\n(Did you mean campaign?)",
      "lỗi: không có lệnh 'campaing'\n(Có phải ý bạn là campaign?)",
    ],
    ["error: missing required argument 'id'", "lỗi: thiếu tham số bắt buộc 'id'"],
    ["error: option '--name <name>' argument missing", "lỗi: tùy chọn '--name <name>' cần có giá trị"],
    [
      "error: required option '--year <year>' not specified",
      "lỗi: chưa có tùy chọn bắt buộc '--year <year>'",
    ],
    [
      "error: option '--year <year>' argument 'x' is invalid.",
      "lỗi: giá trị 'x' của tùy chọn '--year <year>' không hợp lệ.",
    ],
    [
      "error: too many arguments for 'open'. Expected 1 argument but got 2.",
      "lỗi: thừa tham số cho lệnh 'open': cần 1 nhưng có 2.",
    ],
    [
      "error: option '-a' cannot be used with option '-b'",
      "lỗi: không dùng tùy chọn '-a' cùng với tùy chọn '-b'",
    ],
  ])('translates %j', (english, vietnamese) => {
    expect(vietnameseCommanderError(english)).toBe(vietnamese);
  });

  it('leaves a message it does not know unchanged', () => {
    expect(vietnameseCommanderError('something else')).toBe('something else');
  });
});

describe('CLI output read by a program that stops early', () => {
  it('ends quietly with status 0 when the reader has closed the pipe (`… | head`)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-pipe-'));
    try {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', path.join(projectRoot, 'src/cli/main.ts'), 'campaign', 'list'],
        {
          cwd: projectRoot,
          env: { ...process.env, LOG_LEVEL: 'silent', DATABASE_PATH: path.join(dir, 'x.sqlite') },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.destroy(); // the reader is gone before the first line is written
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise((resolve) => child.on('close', resolve));
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
