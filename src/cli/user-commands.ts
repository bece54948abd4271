import type { Command } from 'commander';
import { inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record-audit';
import { CLI_ACTOR } from '../audit/actor';
import {
  createUser,
  disableUser,
  enableUser,
  generatePassword,
  getUserByUsername,
  listUsers,
  resetPassword,
} from '../auth';
import { units, USER_ROLES, type UserRole } from '../db/schema';
import { AppError } from '../errors';
import { cliContext } from './context';

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('Tài khoản quản trị và công chức đầu mối (users)');
  user
    .command('create')
    .description('Tạo tài khoản; không có --password thì tạo mật khẩu ngẫu nhiên và in ra một lần')
    .requiredOption('--username <username>', 'tên đăng nhập')
    .requiredOption('--role <role>', `vai trò: ${USER_ROLES.join(' | ')}`)
    .option('--name <displayName>', 'họ tên hiển thị', '')
    .option('--unit <code...>', 'mã đơn vị phụ trách (công chức đầu mối), có thể nhiều mã')
    .option('--password <password>', 'mật khẩu (ít nhất 10 ký tự)')
    .action(
      async (opts: { username: string; role: string; name: string; unit?: string[]; password?: string }) => {
        const { db } = cliContext();
        if (!USER_ROLES.includes(opts.role as UserRole)) {
          throw new AppError('invalid_input', 'cli.badRole', { roles: USER_ROLES.join(', ') });
        }
        const codes = opts.unit ?? [];
        const found = codes.length ? db.select().from(units).where(inArray(units.code, codes)).all() : [];
        const missing = codes.filter((c) => !found.some((u) => u.code === c));
        if (missing.length)
          throw new AppError('invalid_input', 'cli.unknownUnits', { codes: missing.join(', ') });
        const password = opts.password ?? generatePassword();
        const created = await createUser(
          db,
          {
            username: opts.username,
            password,
            role: opts.role as UserRole,
            displayName: opts.name,
            unitIds: found.map((u) => u.id),
          },
          Date.now(),
          'issued',
        );
        recordAudit(db, CLI_ACTOR, 'user.create', { text: `${created.username} (${created.role})` });
        console.log(`Đã tạo tài khoản ${created.username} (${created.role}).`);
        if (!opts.password) console.log(`Mật khẩu (chỉ hiển thị một lần): ${password}`);
      },
    );
  user
    .command('list')
    .description('Liệt kê tài khoản')
    .action(() => {
      for (const u of listUsers(cliContext().db)) {
        const state = u.disabledAt ? 'đã khóa' : 'hoạt động';
        const unitCodes = u.units.map((x) => x.code).join(',') || '-';
        console.log(`${u.username}\t${u.role}\t${state}\t${unitCodes}\t${u.displayName}`);
      }
    });
  user
    .command('disable <username>')
    .description('Khóa tài khoản và kết thúc mọi phiên đăng nhập của nó')
    .action((username: string) => {
      const { db } = cliContext();
      disableUser(db, getUserByUsername(db, username).id, Date.now());
      recordAudit(db, CLI_ACTOR, 'user.disable', { text: username });
      console.log(`Đã khóa tài khoản ${username}.`);
    });
  user
    .command('enable <username>')
    .description('Mở khóa tài khoản')
    .action((username: string) => {
      const { db } = cliContext();
      enableUser(db, getUserByUsername(db, username).id);
      recordAudit(db, CLI_ACTOR, 'user.enable', { text: username });
      console.log(`Đã mở khóa tài khoản ${username}.`);
    });
  user
    .command('password <username>')
    .description('Cấp mật khẩu ngẫu nhiên mới (in ra một lần) và kết thúc mọi phiên đăng nhập')
    .action(async (username: string) => {
      const { db } = cliContext();
      const password = await resetPassword(db, getUserByUsername(db, username).id, Date.now());
      recordAudit(db, CLI_ACTOR, 'user.password_reset', { text: username });
      console.log(`Mật khẩu mới của ${username} (chỉ hiển thị một lần): ${password}`);
    });
}
