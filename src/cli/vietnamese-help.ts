import { Help, type Argument, type Command, type HelpConfiguration, type Option } from 'commander';

const TITLES: Record<string, string> = {
  'Usage:': 'Cách dùng:',
  'Arguments:': 'Tham số:',
  'Options:': 'Tùy chọn:',
  'Global Options:': 'Tùy chọn chung:',
  'Commands:': 'Lệnh:',
};

const EXTRA_INFO: Record<string, string> = {
  choices: 'chọn một trong',
  default: 'mặc định',
  preset: 'giá trị khi không ghi',
  env: 'biến môi trường',
};

// Commander's own error texts (commander 14), most specific first; anything else is shown as commander wrote it.
const ERRORS: [RegExp, string][] = [
  [/^error: unknown option '(.+?)'/, "lỗi: không có tùy chọn '$1'"],
  [/^error: unknown command '(.+?)'/, "lỗi: không có lệnh '$1'"],
  [/^error: missing required argument '(.+?)'/, "lỗi: thiếu tham số bắt buộc '$1'"],
  [/^error: option '(.+?)' argument missing/, "lỗi: tùy chọn '$1' cần có giá trị"],
  [/^error: required option '(.+?)' not specified/, "lỗi: chưa có tùy chọn bắt buộc '$1'"],
  [
    /^error: option '(.+?)' argument '(.*?)' is invalid\./,
    "lỗi: giá trị '$2' của tùy chọn '$1' không hợp lệ.",
  ],
  [
    /^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\./,
    "lỗi: giá trị '$1' của tham số '$2' không hợp lệ.",
  ],
  [
    /^error: too many arguments for '(.+?)'\. Expected (\d+) arguments? but got (\d+)\./,
    "lỗi: thừa tham số cho lệnh '$1': cần $2 nhưng có $3.",
  ],
  [
    /^error: too many arguments\. Expected (\d+) arguments? but got (\d+)\./,
    'lỗi: thừa tham số: cần $1 nhưng có $2.',
  ],
  [/^error: (.+) cannot be used with (.+)$/m, 'lỗi: không dùng $1 cùng với $2'],
  [/\(Did you mean (.+?)\?\)/, '(Có phải ý bạn là $1?)'],
];

/** A commander error message ("error: unknown option '--x'"…) in Vietnamese where its wording is known. */
export function vietnameseCommanderError(message: string): string {
  return ERRORS.reduce((text, [pattern, replacement]) => text.replace(pattern, replacement), message)
    .replace(/\boption '/g, "tùy chọn '")
    .replace(/\benvironment variable '/g, "biến môi trường '");
}

/**
 * Vietnamese help and error texts for `program` and every command under it: "Cách dùng:", "Tùy chọn:",
 * "Lệnh:", "-h, --help  hiển thị trợ giúp". Call once, after every command is registered.
 */
export function useVietnameseHelp(program: Command): void {
  const help = {
    styleTitle: (title) => TITLES[title] ?? title,
    styleUsage: (usage) => vietnameseUsage(usage),
    styleSubcommandTerm: (term) => vietnameseUsage(term),
    optionDescription(option: Option) {
      return vietnameseExtraInfo(Help.prototype.optionDescription.call(this, option));
    },
    argumentDescription(argument: Argument) {
      return vietnameseExtraInfo(Help.prototype.argumentDescription.call(this, argument));
    },
  } satisfies HelpConfiguration;
  const configure = (command: Command) => {
    // Merged, not replaced: a command may have its own help or output settings.
    command.configureHelp({ ...command.configureHelp(), ...help });
    command.configureOutput({ outputError: (message, write) => write(vietnameseCommanderError(message)) });
    command.helpOption('-h, --help', 'hiển thị trợ giúp');
    if (command.commands.length > 0) command.helpCommand('help [lệnh]', 'hiển thị trợ giúp của một lệnh');
    command.commands.forEach(configure);
  };
  configure(program);
}

function vietnameseUsage(usage: string): string {
  return usage.replace('[options]', '[tùy chọn]').replace('[command]', '[lệnh]');
}

function vietnameseExtraInfo(description: string): string {
  return description.replace(
    /([(,] ?)(choices|default|preset|env): /g,
    (_, before: string, word: string) => `${before}${EXTRA_INFO[word]}: `,
  );
}
