import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { z } from 'zod';
import { viewsDir } from '../paths';
import { viewHelpers } from '../web/view-helpers';

export const TEMPLATE_KINDS = ['invitation', 'reminder', 'thank_you'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** What every mail template may use. */
export type MailVars = {
  campaignName: string;
  /** The campaign's fixed subject line. */
  subject: string;
  fullName: string;
  unitName: string;
  formTypeName: string;
  deadlineAt: number | null;
  link: string;
  /** The person's other form types (dual-group people), with their own links and state. */
  otherForms: Array<{ formTypeName: string; link: string; answered: boolean }>;
  /** Who sends and why the address is used (personal data notice, Luật 91/2025/QH15). */
  sender: string;
};

export const templateOverridesSchema = z.partialRecord(
  z.enum(TEMPLATE_KINDS),
  z.object({ html: z.string(), text: z.string() }),
);
export type TemplateOverrides = z.infer<typeof templateOverridesSchema>;

/** Parses a campaign's `mail_templates` column; an invalid value is treated as "no overrides". */
export function parseTemplateOverrides(json: string | null): TemplateOverrides {
  if (!json) return {};
  const parsed = templateOverridesSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : {};
}

const SUBJECT_PREFIX: Record<TemplateKind, string> = {
  invitation: '',
  reminder: '[Nhắc lại] ',
  thank_you: '[Xác nhận] ',
};

const fileCache = new Map<string, string>();
function builtInTemplate(kind: TemplateKind, part: 'html' | 'text'): string {
  const name = `${kind}.${part}.ejs`;
  let source = fileCache.get(name);
  if (source === undefined) {
    source = fs.readFileSync(path.join(viewsDir, 'mail', name), 'utf8');
    fileCache.set(name, source);
  }
  return source;
}

/** The built-in template text, shown to an admin as the starting point for a per-campaign edit. */
export function defaultTemplate(kind: TemplateKind): { html: string; text: string } {
  return { html: builtInTemplate(kind, 'html'), text: builtInTemplate(kind, 'text') };
}

/** Renders subject, HTML and text of one mail; the subject is always the campaign's fixed one (plus a prefix). */
export function renderMail(
  kind: TemplateKind,
  vars: MailVars,
  overrides: TemplateOverrides = {},
): { subject: string; html: string; text: string } {
  const source = overrides[kind] ?? defaultTemplate(kind);
  const data = { ...vars, h: viewHelpers };
  return {
    subject: SUBJECT_PREFIX[kind] + vars.subject,
    html: compiled(source.html, 'html')(data),
    text: compiled(source.text, 'text')(data),
  };
}

// Compiling is ~100x the cost of rendering; a send of 10,000 invitations compiles each template once.
// Keyed by source text, so an edited campaign override gets its own entry; bounded against unbounded edits.
const compiledCache = {
  html: new Map<string, ejs.TemplateFunction>(),
  text: new Map<string, ejs.TemplateFunction>(),
};
const COMPILED_CACHE_MAX = 200;
const plainTextEscape = (s: unknown) => String(s);
/**
 * The names a template may use, in the order the template editor's help lists them (admin.templates.vars).
 * Declared to EJS as locals: that beats its default `with (locals)` scope several times over, same templates.
 */
export const TEMPLATE_VARIABLES: ReadonlyArray<keyof MailVars | 'h'> = [
  'fullName',
  'unitName',
  'formTypeName',
  'deadlineAt',
  'link',
  'otherForms',
  'campaignName',
  'subject',
  'sender',
  'h',
];

function compiled(source: string, part: 'html' | 'text'): ejs.TemplateFunction {
  const cache = compiledCache[part];
  let fn = cache.get(source);
  if (!fn) {
    fn = ejs.compile(source, {
      _with: false,
      destructuredLocals: [...TEMPLATE_VARIABLES],
      ...(part === 'text' ? { escape: plainTextEscape } : {}),
    });
    if (cache.size >= COMPILED_CACHE_MAX) cache.clear();
    cache.set(source, fn);
  }
  return fn;
}
