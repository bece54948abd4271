import fs from 'node:fs';
import path from 'node:path';
import { t, type Message } from '../i18n/messages';
import { viewsDir } from '../paths';
import { formatVnDateTime } from '../time';
import { escapeHtml, inlineLink, linkButton, linkList, mailDocument, PARAGRAPH_OPEN } from './mail-html';

export const TEMPLATE_KINDS = ['invitation', 'reminder', 'thank_you'] as const;
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** What a mail is written from. */
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

/**
 * The fields a template may use, in the order the editor lists them (admin.templates.fields.*). A template is
 * plain text with these in braces; nothing else in it has a meaning (docs/DOMAIN.md § Mail templates).
 */
export const TEMPLATE_FIELDS = [
  'loi_chao',
  'ho_ten',
  'don_vi',
  'loai_phieu',
  'han_tra_loi',
  'duong_dan',
  'phieu_khac',
  'dot_khao_sat',
  'co_quan_gui',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(TEMPLATE_FIELDS);
const isField = (name: string): name is TemplateField => FIELD_SET.has(name);

/** What the EJS templates of earlier versions called each field (their stored overrides are converted). */
export const OLD_VARIABLE_FIELDS: Readonly<Record<string, TemplateField>> = {
  fullName: 'ho_ten',
  unitName: 'don_vi',
  formTypeName: 'loai_phieu',
  'h.dateTime(deadlineAt)': 'han_tra_loi',
  deadlineAt: 'han_tra_loi',
  link: 'duong_dan',
  otherForms: 'phieu_khac',
  campaignName: 'dot_khao_sat',
  sender: 'co_quan_gui',
};

export const TEMPLATE_MAX_LENGTH = 20_000;
/** Shown in bold in the HTML part, as the facts a reader looks for. */
const EMPHASISED: ReadonlySet<TemplateField> = new Set([
  'don_vi',
  'loai_phieu',
  'han_tra_loi',
  'dot_khao_sat',
]);
const FIELD_PATTERN = /\{([^{}\n]*)\}/;

/** One line of a template: words with fields, the personal link standing alone (a button), or the other forms. */
type Line =
  | { type: 'text'; text: string[]; html: string[]; fields: TemplateField[] }
  | { type: 'link' }
  | { type: 'others' };
/** A template checked and split once: paragraphs (separated by blank lines) of lines. */
type CompiledTemplate = { paragraphs: Line[][] };
export type CompileResult = { ok: true; template: CompiledTemplate } | { ok: false; errors: Message[] };

/**
 * Checks a template and splits it into paragraphs, lines, literal words and fields; every problem in words with
 * its line. An invitation or reminder must carry the personal link; the other-forms block, if the template does
 * not place it, goes at the end.
 */
export function compileTemplate(kind: TemplateKind, body: string): CompileResult {
  if (body.trim() === '') return { ok: false, errors: [{ key: 'mail.template.empty' }] };
  const errors: Message[] = [];
  if (body.length > TEMPLATE_MAX_LENGTH) {
    errors.push({ key: 'mail.template.tooLong', params: { max: TEMPLATE_MAX_LENGTH } });
  }
  const paragraphs: Line[][] = [];
  let paragraph: Line[] = [];
  let hasLink = false;
  let hasOthers = false;
  body.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trimEnd();
    const n = index + 1;
    if (line.trim() === '') {
      if (paragraph.length) paragraphs.push(paragraph);
      paragraph = [];
      return;
    }
    const code = /<%.*?(?:%>|$)/.exec(line);
    if (code) {
      errors.push({ key: 'mail.template.code', params: { line: n, code: code[0].slice(0, 80) } });
      return;
    }
    const pieces = line.split(FIELD_PATTERN);
    const fields: TemplateField[] = [];
    for (let i = 1; i < pieces.length; i += 2) {
      const name = pieces[i]!;
      if (isField(name)) fields.push(name);
      else errors.push(unknownField(n, name));
    }
    const alone = pieces.length === 3 && pieces[0]!.trim() === '' && pieces[2]!.trim() === '';
    if (fields.includes('duong_dan')) hasLink = true;
    if (fields.includes('phieu_khac')) {
      if (!alone) errors.push({ key: 'mail.template.ownLine', params: { line: n, field: '{phieu_khac}' } });
      hasOthers = true;
      paragraph.push({ type: 'others' });
    } else if (alone && fields[0] === 'duong_dan') {
      paragraph.push({ type: 'link' });
    } else {
      const literals = pieces.filter((_, i) => i % 2 === 0);
      paragraph.push({ type: 'text', text: literals, html: literals.map(escapeHtml), fields });
    }
  });
  if (paragraph.length) paragraphs.push(paragraph);
  if (kind !== 'thank_you' && !hasLink) {
    errors.push({ key: `mail.template.linkRequired.${kind}`, params: { field: '{duong_dan}' } });
  }
  if (errors.length) return { ok: false, errors };
  if (!hasOthers) paragraphs.push([{ type: 'others' }]);
  return { ok: true, template: { paragraphs } };
}

function unknownField(line: number, name: string): Message {
  const suggestion = suggestField(name);
  const field = `{${name}}`;
  return suggestion
    ? { key: 'mail.template.unknownFieldHint', params: { line, field, suggestion: `{${suggestion}}` } }
    : { key: 'mail.template.unknownField', params: { line, field } };
}

/** The field meant by a misspelt one: "{Họ tên}", "{HO_TEN}", or an old variable name such as "{fullName}". */
function suggestField(name: string): TemplateField | undefined {
  const plain = name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .trim()
    .replace(/[^a-z0-9]+/g, '_');
  return isField(plain) ? plain : OLD_VARIABLE_FIELDS[name.trim()];
}

export type TemplateOverrides = Partial<Record<TemplateKind, string>>;
export type RenderedMail = { subject: string; html: string; text: string };

const SUBJECT_PREFIX: Record<TemplateKind, string> = {
  invitation: '',
  reminder: '[Nhắc lại] ',
  thank_you: '[Xác nhận] ',
};

/**
 * Subject, HTML and text of one mail from the campaign's own template for its kind (the built-in one when it has
 * none, or its own does not check out). The subject is always the campaign's fixed one (plus a prefix); both
 * parts end with the personal-data notice.
 */
export function renderMail(
  kind: TemplateKind,
  vars: MailVars,
  overrides: TemplateOverrides = {},
): RenderedMail {
  const own = overrides[kind];
  const compiled = own === undefined ? undefined : cachedCompile(kind, own);
  return renderCompiled(kind, compiled ?? builtInTemplate(kind).compiled, vars);
}

/** One mail from a template already checked (compileTemplate). */
function renderCompiled(kind: TemplateKind, template: CompiledTemplate, vars: MailVars): RenderedMail {
  const values = fieldValues(vars);
  // The invitation lists every other form; a reminder or thank-you only those still to answer.
  const others = (kind === 'invitation' ? vars.otherForms : vars.otherForms.filter((o) => !o.answered)).map(
    (o) => ({ name: o.formTypeName, href: o.link }),
  );
  const othersIntro = OTHERS_INTRO[kind];
  const notice = personalDataNotice(vars.sender);

  let html = '';
  const text: string[] = [];
  for (const paragraph of template.paragraphs) {
    const lines: string[] = [];
    let open = false;
    for (const line of paragraph) {
      if (line.type === 'text') {
        // A line whose field has no value (no deadline, no name) is left out rather than left half-written.
        if (line.fields.some((f) => values[f] === '')) continue;
        let words = line.text[0]!;
        html += open ? '<br>' : PARAGRAPH_OPEN;
        html += line.html[0]!;
        open = true;
        for (let i = 0; i < line.fields.length; i++) {
          const field = line.fields[i]!;
          words += values[field] + line.text[i + 1]!;
          html += fieldHtml(field, values[field]) + line.html[i + 1]!;
        }
        lines.push(words);
        continue;
      }
      if (line.type === 'others' && others.length === 0) continue;
      if (open) html += '</p>';
      open = false;
      if (line.type === 'link') {
        html += linkButton(vars.link, OPEN_FORM, COPY_LINK);
        lines.push(`${OPEN_FORM}: ${vars.link}`);
      } else {
        html += linkList(othersIntro, others);
        lines.push(othersIntro, ...others.map((o) => `- ${o.name}: ${o.href}`));
      }
    }
    if (open) html += '</p>';
    if (lines.length) text.push(lines.join('\n'));
  }
  text.push(notice);
  return {
    subject: SUBJECT_PREFIX[kind] + vars.subject,
    html: mailDocument(html, notice),
    text: text.join('\n\n') + '\n',
  };
}

const OPEN_FORM = t('mail.openForm');
const COPY_LINK = t('mail.copyLink');
const OTHERS_INTRO = Object.fromEntries(TEMPLATE_KINDS.map((k) => [k, t(`mail.othersIntro.${k}`)])) as Record<
  TemplateKind,
  string
>;
// The survey page's own greeting (survey.greeting), split once around the name: filled in for every mail.
const [GREETING_BEFORE, GREETING_AFTER] = t('survey.greeting', { name: '\0' }).split('\0') as [
  string,
  string,
];
const GREETING_NO_NAME = t('survey.greetingNoName');
const notices = new Map<string, string>();
function personalDataNotice(sender: string): string {
  let notice = notices.get(sender);
  if (notice === undefined) {
    notice = t('mail.personalDataNotice', { sender });
    if (notices.size >= 100) notices.clear();
    notices.set(sender, notice);
  }
  return notice;
}

function fieldValues(vars: MailVars): Record<TemplateField, string> {
  return {
    // The mail and the survey page address the person the same way.
    loi_chao: vars.fullName ? GREETING_BEFORE + vars.fullName + GREETING_AFTER : GREETING_NO_NAME,
    ho_ten: vars.fullName,
    don_vi: vars.unitName,
    loai_phieu: vars.formTypeName,
    han_tra_loi: vars.deadlineAt === null ? '' : formatVnDateTime(vars.deadlineAt),
    duong_dan: vars.link,
    phieu_khac: '', // a block of its own line, never filled into words

    dot_khao_sat: vars.campaignName,
    co_quan_gui: vars.sender,
  };
}

function fieldHtml(field: TemplateField, value: string): string {
  if (field === 'duong_dan') return inlineLink(value);
  return EMPHASISED.has(field) ? `<strong>${escapeHtml(value)}</strong>` : escapeHtml(value);
}

// Every mail of a send goes through one template: it is checked and split once, then only filled in.
const compiledCache = new Map<string, CompiledTemplate | null>();
const COMPILED_CACHE_MAX = 200;
function cachedCompile(kind: TemplateKind, body: string): CompiledTemplate | undefined {
  const key = `${kind}\n${body}`;
  let compiled = compiledCache.get(key);
  if (compiled === undefined) {
    const result = compileTemplate(kind, body);
    compiled = result.ok ? result.template : null;
    if (compiledCache.size >= COMPILED_CACHE_MAX) compiledCache.clear();
    compiledCache.set(key, compiled);
  }
  return compiled ?? undefined;
}

const builtIns = new Map<TemplateKind, { body: string; compiled: CompiledTemplate }>();
function builtInTemplate(kind: TemplateKind): { body: string; compiled: CompiledTemplate } {
  let builtIn = builtIns.get(kind);
  if (!builtIn) {
    const body = fs.readFileSync(path.join(viewsDir, 'mail', `${kind}.txt`), 'utf8');
    const result = compileTemplate(kind, body);
    if (!result.ok)
      throw new Error(`views/mail/${kind}.txt: ${result.errors.map((e) => t(e.key, e.params)).join('; ')}`);
    builtIn = { body, compiled: result.template };
    builtIns.set(kind, builtIn);
  }
  return builtIn;
}

/** The built-in template of a kind, shown to an admin as the starting point for a per-campaign edit. */
export function defaultTemplate(kind: TemplateKind): string {
  return builtInTemplate(kind).body;
}
