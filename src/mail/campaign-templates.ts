import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { campaigns } from '../db/schema';
import { AppError } from '../errors';
import { t } from '../i18n/messages';
import { getCampaign } from '../campaigns/campaigns';
import {
  defaultTemplate,
  parseTemplateOverrides,
  renderMail,
  templateOverridesSchema,
  TEMPLATE_KINDS,
  type MailVars,
  type TemplateKind,
  type TemplateOverrides,
} from './templates';

const SAMPLE_VARS: MailVars = {
  campaignName: 'Khảo sát trực tuyến Chỉ số CCHC 2019',
  subject: 'Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019',
  fullName: 'Nguyễn Văn A',
  unitName: 'Sở Tư pháp',
  formTypeName: 'Phiếu lãnh đạo, công chức, viên chức',
  deadlineAt: Date.UTC(2019, 11, 4, 10, 0),
  link: 'https://khaosat.example.vn/s/0123456789abcdefghijkl',
  otherForms: [
    { formTypeName: 'Phiếu đại biểu HĐND', link: 'https://khaosat.example.vn/s/x', answered: false },
  ],
  sender: 'Sở Nội vụ',
};

/**
 * Stores a campaign's edited mail templates after checking that each one compiles and renders with sample
 * values; an override equal to the built-in text is dropped. Throws AppError('invalid_input') naming the
 * template and the EJS error.
 */
export function setCampaignTemplates(db: Db, campaignId: number, overrides: TemplateOverrides): void {
  getCampaign(db, campaignId);
  const parsed = templateOverridesSchema.safeParse(overrides);
  if (!parsed.success) throw new AppError('invalid_input', t('mail.templateShape'));
  const kept: TemplateOverrides = {};
  for (const kind of TEMPLATE_KINDS) {
    const source = parsed.data[kind];
    if (!source) continue;
    const builtIn = defaultTemplate(kind);
    if (source.html === builtIn.html && source.text === builtIn.text) continue;
    const sample = renderSampleMail(kind, source);
    if (!sample.ok) throw new AppError('invalid_input', sample.error);
    kept[kind] = source;
  }
  db.update(campaigns)
    .set({ mailTemplates: Object.keys(kept).length ? JSON.stringify(kept) : null })
    .where(eq(campaigns.id, campaignId))
    .run();
}

/** The templates in effect for a campaign (its override or the built-in one), for the edit form. */
export function getCampaignTemplates(
  db: Db,
  campaignId: number,
): Record<TemplateKind, { html: string; text: string; overridden: boolean }> {
  const overrides = parseTemplateOverrides(getCampaign(db, campaignId).mailTemplates);
  const entries = TEMPLATE_KINDS.map((kind) => {
    const source = overrides[kind];
    return [kind, source ? { ...source, overridden: true } : { ...defaultTemplate(kind), overridden: false }];
  });
  return Object.fromEntries(entries) as Record<
    TemplateKind,
    { html: string; text: string; overridden: boolean }
  >;
}

export type SampleMail =
  { ok: true; mail: { subject: string; html: string; text: string } } | { ok: false; error: string };

/** One template rendered with sample values (the edit page's preview), or the EJS error that stops it. */
export function renderSampleMail(kind: TemplateKind, source: { html: string; text: string }): SampleMail {
  try {
    return { ok: true, mail: renderMail(kind, SAMPLE_VARS, { [kind]: source }) };
  } catch (error) {
    return {
      ok: false,
      error: t('mail.templateInvalid', { kind: t(`mail.kinds.${kind}`), reason: templateErrorReason(error) }),
    };
  }
}

/**
 * EJS's error in words an admin can act on: a syntax error says so (EJS's own last line only suggests "async: true"),
 * an unknown variable is named with a pointer to the list of variables, and a line number is kept when EJS gives one.
 */
function templateErrorReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const lines = error.message.trim().split('\n');
  const syntax = / while compiling ejs$/.exec(lines[0] ?? '');
  if (syntax) return t('mail.templateSyntax', { detail: lines[0]!.slice(0, syntax.index) });
  const last = lines.at(-1) ?? '';
  const unknown = /^([\w$.]+) is not defined$/.exec(last);
  const reason = unknown ? t('mail.templateUnknownVariable', { name: unknown[1]! }) : last;
  const line = /^ejs:(\d+)$/.exec(lines[0] ?? '')?.[1];
  return line ? t('mail.templateAtLine', { line, reason }) : reason;
}
