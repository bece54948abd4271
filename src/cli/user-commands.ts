import type { Command } from 'commander';
import {
  createUser,
  disableUser,
  enableUser,
  getUserByUsername,
  listUsers,
  newPassword,
  resetPassword,
  setUserUnits,
  USER_ROLES,
  type UserRole,
} from '../auth';
import type { Db } from '../db/client';
import { AppError, orThrow } from '../errors';
import { listUnits } from '../units/campaign-units';
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
        const { db, actor } = cliContext();
        const unitIds = unitIdsByCode(db, opts.unit ?? []);
        const { password, passwordHash } = await newPassword(opts.password);
        // The role as typed: the command refuses any other than USER_ROLES.
        const role = opts.role as UserRole;
        const input = { ...opts, role, displayName: opts.name, password, passwordHash, unitIds };
        const created = orThrow(createUser(db, input, actor, Date.now()));
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
    .command('units <username>')
    .description('Đặt các đơn vị công chức đầu mối được xem (thay danh sách cũ; không có --unit thì bỏ hết)')
    .option('--unit <code...>', 'mã đơn vị, có thể nhiều mã')
    .action((username: string, opts: { unit?: string[] }) => {
      const { db, actor } = cliContext();
      const userId = getUserByUsername(db, username).id;
      const unitIds = unitIdsByCode(db, opts.unit ?? []);
      orThrow(setUserUnits(db, { userId, unitIds }, actor, Date.now()));
      console.log(`Đã lưu đơn vị phụ trách của ${username}: ${opts.unit?.join(', ') || '—'}.`);
    });
  user
    .command('disable <username>')
    .description('Khóa tài khoản và kết thúc mọi phiên đăng nhập của nó')
    .action((username: string) => {
      const { db, actor } = cliContext();
      orThrow(disableUser(db, { userId: getUserByUsername(db, username).id }, actor, Date.now()));
      console.log(`Đã khóa tài khoản ${username}.`);
    });
  user
    .command('enable <username>')
    .description('Mở khóa tài khoản')
    .action((username: string) => {
      const { db, actor } = cliContext();
      orThrow(enableUser(db, { userId: getUserByUsername(db, username).id }, actor, Date.now()));
      console.log(`Đã mở khóa tài khoản ${username}.`);
    });
  user
    .command('password <username>')
    .description('Cấp mật khẩu ngẫu nhiên mới (in ra một lần) và kết thúc mọi phiên đăng nhập')
    .action(async (username: string) => {
      const { db, actor } = cliContext();
      const userId = getUserByUsername(db, username).id;
      const { password, passwordHash } = await newPassword();
      orThrow(resetPassword(db, { userId, passwordHash }, actor, Date.now()));
      console.log(`Mật khẩu mới của ${username} (chỉ hiển thị một lần): ${password}`);
    });
}

/** The ids of the units with these codes; every unknown code is named. */
function unitIdsByCode(db: Db, codes: string[]): number[] {
  const units = listUnits(db);
  const missing = codes.filter((code) => !units.some((u) => u.code === code));
  if (missing.length) throw new AppError('invalid_input', 'cli.unknownUnits', { codes: missing.join(', ') });
  return units.filter((u) => codes.includes(u.code)).map((u) => u.id);
}
