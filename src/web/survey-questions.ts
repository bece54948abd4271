import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import type { FormDefinition } from '../forms/definition';
import { t } from '../i18n/messages';
import { viewsDir } from '../paths';
import { fieldName } from '../responses/validate-answers';
import { viewHelpers } from './view-helpers';

const file = path.join(viewsDir, 'survey', '_questions.ejs');
let compiled: ejs.TemplateFunction | null = null;
// The questions of an unanswered form are the same for everyone with the same definition version: render once.
const blankForms = new WeakMap<FormDefinition, string>();

/**
 * The questions of a form as HTML, with the person's answers and errors when re-shown. With `cacheViews`
 * (production) the template is compiled once and the blank form is rendered once per definition version.
 */
export function renderQuestions(
  definition: FormDefinition,
  kept: Record<string, string[]>,
  errors: Record<string, string>,
  cacheViews: boolean,
): string {
  const blank = Object.keys(kept).length === 0 && Object.keys(errors).length === 0;
  if (blank && cacheViews) {
    const hit = blankForms.get(definition);
    if (hit !== undefined) return hit;
  }
  const template =
    cacheViews && compiled ? compiled : ejs.compile(fs.readFileSync(file, 'utf8'), { filename: file });
  if (cacheViews) compiled = template;
  const html = template({ definition, kept, errors, fieldName, t, h: viewHelpers });
  if (blank && cacheViews) blankForms.set(definition, html);
  return html;
}
