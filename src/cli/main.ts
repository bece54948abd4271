import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { actAs, closeCliContext } from './context';
import { registerCampaignCommands } from './campaign-commands';
import { registerDirectoryCommands } from './directory-commands';
import { registerFormCommands } from './form-commands';
import { registerOpsCommands } from './ops-commands';
import { registerImportCommands } from './import-commands';
import { registerResultsCommands } from './results-commands';
import { registerUserCommands } from './user-commands';
import { registerMailCommands } from './mail-commands';
import { registerTemplateCommands } from './template-commands';
import { registerEnumeratorCommands } from './enumerator-commands';
import { registerOpenLinkCommands } from './open-link-commands';
import { useVietnameseHelp } from './vietnamese-help';

/** `npm run cli -- <command> --help`: every command calls the same domain functions as the web UI. */
export function buildProgram(): Command {
  const program = new Command('cchc')
    .description('cchc-survey: khảo sát trực tuyến Chỉ số CCHC (Sở Nội vụ)')
    .option(
      '--as <username>',
      'thực hiện với tên tài khoản này (ghi vào nhật ký hoạt động); mặc định: người dùng hệ điều hành',
    )
    .hook('preAction', (command) => actAs((command.opts() as { as?: string }).as))
    .showHelpAfterError();
  registerCampaignCommands(program);
  registerFormCommands(program);
  registerDirectoryCommands(program);
  registerOpsCommands(program);
  registerImportCommands(program);
  registerResultsCommands(program);
  registerUserCommands(program);
  registerMailCommands(program);
  registerTemplateCommands(program);
  registerEnumeratorCommands(program);
  registerOpenLinkCommands(program);
  useVietnameseHelp(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else if (error instanceof AppError) {
      console.error(`Lỗi: ${error.messages.map((m) => t(m.key, m.params)).join(' ')}`);
      process.exitCode = 1;
    } else if (error instanceof ConfigError) {
      console.error(`Lỗi: ${error.message}`);
      process.exitCode = 1;
    } else if (isFileError(error)) {
      console.error(`Lỗi: ${fileErrorMessage(error)}`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    closeCliContext();
  }
}

/** A file named on the command line that could not be opened (a mistyped path, a missing folder…). */
function isFileError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  const e = error as NodeJS.ErrnoException | null;
  return (
    e instanceof Error &&
    typeof e.code === 'string' &&
    typeof e.syscall === 'string' &&
    typeof e.path === 'string'
  );
}

function fileErrorMessage(error: NodeJS.ErrnoException & { path: string }): string {
  const file = error.path;
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return t('ops.fileNotFound', { file });
  if (error.code === 'EACCES' || error.code === 'EPERM') return t('ops.fileNotAllowed', { file });
  if (error.code === 'EISDIR') return t('ops.fileIsDirectory', { file });
  return t('ops.fileError', { file, code: error.code ?? '' });
}

if (require.main === module) {
  // Output piped into a reader that stops early (`… | head`) is not an error of ours: end quietly, like Unix tools.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closeCliContext();
    process.exit(0);
  });
  void main(process.argv);
}
