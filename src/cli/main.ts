import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config';
import { AppError } from '../errors';
import { closeCliContext } from './context';
import { registerCampaignCommands } from './campaign-commands';
import { registerDirectoryCommands } from './directory-commands';
import { registerOpsCommands } from './ops-commands';
import { registerImportCommands } from './import-commands';
import { registerResultsCommands } from './results-commands';
import { registerUserCommands } from './user-commands';
import { registerMailCommands } from './mail-commands';
import { useVietnameseHelp } from './vietnamese-help';

/** `npm run cli -- <command> --help`: every command calls the same domain functions as the web UI. */
export function buildProgram(): Command {
  const program = new Command('cchc')
    .description('cchc-survey: khảo sát trực tuyến Chỉ số CCHC (Sở Nội vụ)')
    .showHelpAfterError();
  registerCampaignCommands(program);
  registerDirectoryCommands(program);
  registerOpsCommands(program);
  registerImportCommands(program);
  registerResultsCommands(program);
  registerUserCommands(program);
  registerMailCommands(program);
  useVietnameseHelp(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exitCode = error.exitCode;
    else if (error instanceof AppError || error instanceof ConfigError) {
      console.error(`Lỗi: ${error.message}`);
      process.exitCode = 1;
    } else throw error;
  } finally {
    closeCliContext();
  }
}

if (require.main === module) void main(process.argv);
