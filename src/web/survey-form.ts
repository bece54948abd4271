import type { Response } from 'express';
import { allQuestions, type FormDefinition } from '../forms/definition';
import type { InvitationContext } from '../invitations/resolve-token';
import type { RawAnswers } from '../responses/validate-answers';
import type { Message } from '../i18n/messages';
import { localeOf, translatorFor } from './locale';
import { renderQuestions } from './survey-questions';

/** What the form's header says about the person asked: the campaign, their name, form type, unit and deadline. */
export type SurveyFormPerson = Pick<
  InvitationContext,
  'campaignName' | 'fullName' | 'formTypeName' | 'unitName' | 'deadlineAt'
>;

/** The admin's preview of a questionnaire version: the banner and where to go back to. */
export type SurveyFormPreview = { version: number; formsHref: string; editHref: string | null };

export type SurveyFormPage = {
  definition: FormDefinition;
  person: SurveyFormPerson;
  /** The person's other form types with their links (never any for a preview). */
  otherForms: { formTypeName: string; link: string; answered: boolean }[];
  answers: RawAnswers;
  /** Per question id, the domain's (Vietnamese) validation message. */
  errors: Record<string, Message>;
  /**
   * Where the form posts and the browser key its draft is kept under; `preview` instead for the admin's preview,
   * which has neither: no action and a disabled submit button, so it cannot be sent anywhere and keeps no draft.
   */
  target: SubmitTarget | { preview: SurveyFormPreview };
};

/**
 * Where a form posts; an open link's form (web/open-survey.ts) also carries hidden fields (its nonce, the unit
 * picked), a honeypot field's name, and a notice above the form.
 */
export type SubmitTarget = {
  action: string;
  draftKey: string;
  hidden?: Record<string, string>;
  honeypot?: string;
  notice?: Message;
};

/**
 * The respondent's form page (views/survey/form.ejs): the one renderer behind `/s/:token` and the admin's
 * preview of a questionnaire, so the preview is the page a respondent gets.
 */
export function renderSurveyForm(res: Response, page: SurveyFormPage, status = 200): void {
  const { definition } = page;
  const questions = allQuestions(definition);
  const locale = localeOf(res.req);
  const tr = translatorFor(locale);
  const errors = Object.fromEntries(
    Object.entries(page.errors).map(([id, message]) => [id, tr(message.key, message.params)]),
  );
  const preview = 'preview' in page.target ? page.target.preview : null;
  res.status(status).render('survey/form', {
    title: preview ? tr('admin.forms.preview.title', { title: definition.title }) : definition.title,
    invitation: page.person,
    definition,
    questionCount: questions.length,
    errorList: questions.flatMap((q, i) =>
      errors[q.id] ? [{ id: q.id, label: tr('survey.question', { n: i + 1 }), message: errors[q.id] }] : [],
    ),
    questionsHtml: renderQuestions(definition, keptAnswers(page.answers), errors, {
      cacheViews: res.app.enabled('view cache'),
      locale,
    }),
    otherForms: page.otherForms,
    submitTarget: 'preview' in page.target ? null : page.target,
    notice:
      'preview' in page.target || !page.target.notice
        ? null
        : tr(page.target.notice.key, page.target.notice.params),
    preview,
  });
}

/** What the person sent, as strings, so a re-rendered form shows exactly their choices and text. */
function keptAnswers(answers: RawAnswers): Record<string, string[]> {
  const kept: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(answers)) {
    if (!key.startsWith('q_')) continue;
    const list = Array.isArray(value) ? value : [value];
    kept[key] = list.filter((v): v is string => typeof v === 'string');
  }
  return kept;
}
