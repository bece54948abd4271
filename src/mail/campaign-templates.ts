import { z } from 'zod';
import { t, type Message } from '../i18n/messages';
import { convertLegacyTemplate } from './legacy-templates';
import {
  compileTemplate,
  defaultTemplate,
  renderMail,
  TEMPLATE_KINDS,
  type MailVars,
  type RenderedMail,
  type TemplateKind,
  type TemplateOverrides,
} from './templates';

/** How `campaigns.mail_templates` holds one kind: a plain body, or an earlier version's EJS parts. */
const storedTemplateSchema = z.union([
  z.object({ body: z.string() }),
  z.object({ html: z.string(), text: z.string() }),
]);
type StoredTemplates = Partial<Record<TemplateKind, z.infer<typeof storedTemplateSchema>>>;

/** A campaign's template for one kind, as the editor shows it. */
export type CampaignTemplate = {
  body: string;
  overridden: boolean;
  /** Stored by an earlier version in EJS: converted on reading, or still needing an edit (mail uses the default). */
  legacy: null | 'converted' | 'needs_edit';
  /** Why a stored template cannot be used as it is (only for one needing an edit). */
  errors: Message[];
};

function readStored(json: string | null): StoredTemplates {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return {};
  }
  const stored: StoredTemplates = {};
  for (const kind of TEMPLATE_KINDS) {
    const parsed = storedTemplateSchema.safeParse((value as Record<string, unknown> | null)?.[kind]);
    if (parsed.success) stored[kind] = parsed.data;
  }
  return stored;
}

function campaignTemplate(kind: TemplateKind, stored: StoredTemplates[TemplateKind]) {
  if (!stored) return { body: defaultTemplate(kind), overridden: false, legacy: null, errors: [] };
  const legacy = !('body' in stored);
  const body = legacy ? convertLegacyTemplate(stored) : stored.body;
  const compiled = compileTemplate(kind, body);
  return {
    body,
    overridden: true,
    legacy: legacy ? (compiled.ok ? 'converted' : 'needs_edit') : null,
    errors: compiled.ok ? [] : compiled.errors,
  } satisfies CampaignTemplate;
}

/**
 * The bodies a campaign's mails are written from (its `mail_templates` column), kind by kind; a stored template
 * that cannot be used as it is (an earlier version's EJS that did not convert) is left out, so its mails use the
 * built-in template. Nothing stored is ever evaluated.
 */
export function parseTemplateOverrides(json: string | null): Readonly<TemplateOverrides> {
  if (!json) return {};
  // Read for every thank-you mail: the campaign's few stored texts are checked once, not per answer.
  let overrides = overridesCache.get(json);
  if (!overrides) {
    overrides = {};
    const stored = readStored(json);
    for (const kind of TEMPLATE_KINDS) {
      const template = stored[kind] && campaignTemplate(kind, stored[kind]);
      if (template && template.errors.length === 0) overrides[kind] = template.body;
    }
    if (overridesCache.size >= 50) overridesCache.clear();
    overridesCache.set(json, overrides);
  }
  return overrides;
}
const overridesCache = new Map<string, TemplateOverrides>();

/** The templates in effect for a campaign (its own or the built-in one), from its stored `mail_templates`. */
export function campaignTemplates(json: string | null): Record<TemplateKind, CampaignTemplate> {
  const stored = readStored(json);
  return Object.fromEntries(
    TEMPLATE_KINDS.map((kind) => [kind, campaignTemplate(kind, stored[kind])]),
  ) as Record<TemplateKind, CampaignTemplate>;
}

/**
 * A campaign's stored `mail_templates` with its own body for one kind (none, or a body equal to the built-in
 * one, removes its own; the other kinds stay as stored), whether that kind changed, and whether it is now the
 * campaign's own.
 */
export function withOwnTemplate(
  json: string | null,
  kind: TemplateKind,
  body: string | undefined,
): { json: string | null; changed: boolean; own: boolean } {
  const stored = readStored(json);
  const own = body === undefined || body.trimEnd() === defaultTemplate(kind).trimEnd() ? undefined : { body };
  const changed = JSON.stringify(stored[kind]) !== JSON.stringify(own);
  if (own) stored[kind] = own;
  else delete stored[kind];
  return {
    json: Object.keys(stored).length ? JSON.stringify(stored) : null,
    changed,
    own: own !== undefined,
  };
}

const SAMPLE_VARS: Omit<MailVars, 'campaignName' | 'subject'> = {
  fullName: 'Nguyễn Văn A',
  unitName: 'Sở Tư pháp',
  formTypeName: 'Phiếu lãnh đạo, công chức, viên chức',
  deadlineAt: Date.UTC(2019, 11, 4, 10, 0),
  link: 'https://khaosat.example.vn/s/0123456789abcdefghijkl',
  otherForms: [
    { formTypeName: 'Phiếu đại biểu HĐND', link: 'https://khaosat.example.vn/s/x', answered: false },
  ],
  sender: t('mail.defaultSender'),
};

export type SampleMail = { ok: true; mail: RenderedMail } | { ok: false; errors: Message[] };

/** The mail one template sends, written for a sample person of the campaign (the editor's preview), or why not. */
export function renderSampleMail(
  kind: TemplateKind,
  body: string,
  campaign: { name: string; mailSubject: string },
): SampleMail {
  const compiled = compileTemplate(kind, body);
  if (!compiled.ok) return compiled;
  const vars = { ...SAMPLE_VARS, campaignName: campaign.name, subject: campaign.mailSubject };
  return { ok: true, mail: renderMail(kind, vars, { [kind]: body }) };
}
