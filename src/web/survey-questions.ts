import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { FormDefinition } from '../forms/definition';
import type { Locale } from '../i18n/messages';
import { viewsDir } from '../paths';
import { fieldName } from '../responses/validate-answers';
import { translatorFor, viewHelpersFor } from './locale';

const file = path.join(viewsDir, 'survey', '_questions.ejs');
let compiled: ejs.TemplateFunction | null = null;
// The questions of an unanswered form are the same for everyone with the same definition version and page
// language: render once per locale. Without the template's indentation (rmWhitespace) the page is 4 KB, 15 %,
// lighter to send on every survey link opened.
const blankForms = new WeakMap<FormDefinition, Map<Locale, string>>();

/**
 * The questions of a form as HTML in the page's `locale`, with the person's answers and errors when re-shown.
 * With `cacheViews` (production) the template is compiled once and the blank form is rendered once per
 * definition version and locale.
 */
export function renderQuestions(
  definition: FormDefinition,
  kept: Record<string, string[]>,
  errors: Record<string, string>,
  { cacheViews, locale }: { cacheViews: boolean; locale: Locale },
): string {
  const blank = Object.keys(kept).length === 0 && Object.keys(errors).length === 0;
  const cached = blankForms.get(definition) ?? new Map<Locale, string>();
  if (blank && cacheViews) {
    const hit = cached.get(locale);
    if (hit !== undefined) return hit;
  }
  const template =
    cacheViews && compiled
      ? compiled
      : ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file, root: viewsDir, rmWhitespace: true });
  if (cacheViews) compiled = template;
  const html = template({
    definition,
    kept,
    errors,
    fieldName,
    t: translatorFor(locale),
    h: viewHelpersFor(locale),
  });
  if (blank && cacheViews) blankForms.set(definition, cached.set(locale, html));
  return html;
}
