import fs from 'node:fs';
import { Option, type Command } from 'commander';
import {
  getCampaignTemplates,
  resetMailTemplate,
  updateMailTemplate,
} from '../campaigns/update-mail-template';
import { orThrow } from '../errors';
import { t } from '../i18n/messages';
import { TEMPLATE_KINDS, type TemplateKind } from '../mail/templates';
import { cliContext } from './context';

type TemplateOptions = { campaign: number; kind: TemplateKind };

export function registerTemplateCommands(program: Command): void {
  const template = program
    .command('template')
    .description('Mẫu thư mời, thư nhắc, thư cảm ơn của một đợt khảo sát (văn bản có {trường})');
  const which = (command: Command) =>
    command
      .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
      .addOption(new Option('--kind <kind>', 'loại thư').choices(TEMPLATE_KINDS).makeOptionMandatory());
  which(
    template
      .command('show')
      .description('In mẫu thư đang dùng (mẫu riêng của đợt hoặc mẫu mặc định) để ghi ra tệp và sửa'),
  ).action((opts: TemplateOptions) => {
    process.stdout.write(getCampaignTemplates(cliContext().db, opts.campaign)[opts.kind].body);
  });
  which(
    template
      .command('update <file>')
      .description('Kiểm tra và lưu mẫu thư từ tệp văn bản; có lỗi thì in từng lỗi theo dòng, không lưu gì'),
  ).action((file: string, opts: TemplateOptions) => {
    const body = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
    const { db, actor } = cliContext();
    const saved = updateMailTemplate(
      db,
      { campaignId: opts.campaign, kind: opts.kind, body },
      actor,
      Date.now(),
    );
    // Problems of the text (`body`, `body#2`…); any other refusal is printed as an error.
    if (!saved.ok && saved.fields?.body) {
      console.error(t('mail.templateInvalid', { kind: t(`mail.kinds.${opts.kind}`) }));
      for (const problem of Object.values(saved.fields ?? {}))
        console.error(`- ${t(problem!.key, problem!.params)}`);
      process.exitCode = 1;
      return;
    }
    console.log(t(orThrow(saved).changed ? 'admin.templates.saved' : 'admin.templates.unchanged'));
  });
  which(template.command('reset').description('Bỏ mẫu riêng của đợt, dùng lại mẫu thư mặc định')).action(
    (opts: TemplateOptions) => {
      const { db, actor } = cliContext();
      const reset = orThrow(
        resetMailTemplate(db, { campaignId: opts.campaign, kind: opts.kind }, actor, Date.now()),
      );
      console.log(t(reset.changed ? 'admin.templates.saved' : 'admin.templates.unchanged'));
    },
  );
}
