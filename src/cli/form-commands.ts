import fs from 'node:fs';
import type { Command } from 'commander';
import { getCampaign } from '../campaigns/campaigns';
import { updateFormDefinition } from '../campaigns/update-form-definition';
import { AppError, orThrow } from '../errors';
import { definitionProblems } from '../forms/definition-text';
import { getFormDefinition } from '../forms/get-form-definition';
import { t } from '../i18n/messages';
import { listFormTypes } from '../units/campaign-units';
import { cliContext } from './context';

function formTypeName(code: string): string {
  const type = listFormTypes(cliContext().db).find((f) => f.code === code);
  if (!type) throw new AppError('not_found', 'forms.unknownFormType', { formType: code });
  return type.name;
}

export function registerFormCommands(program: Command): void {
  const form = program.command('form').description('Bộ câu hỏi của từng loại phiếu (JSON, có phiên bản)');
  form
    .command('show')
    .description('In bộ câu hỏi đang dùng dưới dạng JSON (ghi ra tệp để sửa rồi dùng "form update")')
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--form <code>', 'loại phiếu (cbcc, hdnd)')
    .action((opts: { campaign: number; form: string }) => {
      const { db } = cliContext();
      getCampaign(db, opts.campaign);
      formTypeName(opts.form);
      const current = getFormDefinition(db, opts.campaign, opts.form);
      if (!current) throw new AppError('not_found', 'admin.forms.none');
      console.log(JSON.stringify(current.definition, null, 2));
    });
  form
    .command('update <file>')
    .description(
      'Kiểm tra và lưu bộ câu hỏi từ tệp JSON thành phiên bản mới (phiếu đã nhận giữ phiên bản cũ)',
    )
    .requiredOption('--campaign <id>', 'mã số đợt khảo sát', Number)
    .requiredOption('--form <code>', 'loại phiếu (cbcc, hdnd)')
    .action((file: string, opts: { campaign: number; form: string }) => {
      const text = fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      const { db, actor } = cliContext();
      const input = { campaignId: opts.campaign, formType: opts.form, definition: text };
      const saved = updateFormDefinition(db, input, actor, Date.now());
      const problems = saved.ok ? [] : definitionProblems(saved, text, t);
      if (problems.length > 0) {
        console.error(t('admin.forms.errorsTitle', { n: problems.length }));
        for (const problem of problems) console.error(`- ${problem}`);
        process.exitCode = 1;
        return;
      }
      const { changed, version } = orThrow(saved);
      console.log(
        changed
          ? t('admin.forms.saved', { version, name: formTypeName(opts.form) })
          : t('admin.forms.unchanged'),
      );
    });
}
