import { z } from 'zod';
import { reason } from '../command';

// Objects are strict: a misspelt field in an edited questionnaire ("requried") is reported, never dropped. The
// schema's own messages are catalogue keys, put into words by forms/definition-text.ts.

/** An answer option; `fraction` is the share of the question's points it earns (docs/DOMAIN.md § Raw sub-score). */
export const optionSchema = z.strictObject({
  label: z.string().min(1),
  fraction: z.number().min(0).max(1).optional(),
});

export const questionSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9_]+$/i, reason('forms.errors.badId')),
    text: z.string().min(1),
    help: z.string().optional(),
    kind: z.enum(['single', 'multiple', 'text']),
    required: z.boolean().default(true),
    /** Weight in the index; a question with points > 0 is scored. Only single-choice questions are scored. */
    points: z.number().min(0).default(0),
    options: z.array(optionSchema).default([]),
    maxLength: z.number().int().positive().default(2000),
  })
  .refine((q) => q.kind === 'text' || q.options.length >= 2, {
    message: reason('forms.errors.needOptions'),
    path: ['options'],
  })
  .refine(
    (q) => q.points === 0 || (q.kind === 'single' && q.options.every((o) => o.fraction !== undefined)),
    { message: reason('forms.errors.scoredSingle'), path: ['points'] },
  );

export const sectionSchema = z.strictObject({
  id: z.string(),
  title: z.string().min(1),
  description: z.string().optional(),
  questions: z.array(questionSchema).min(1),
});

export const formDefinitionSchema = z
  .strictObject({
    title: z.string().min(1),
    intro: z.string().optional(),
    sections: z.array(sectionSchema).min(1),
  })
  .superRefine((d, ctx) => {
    const seen = new Set<string>();
    d.sections.forEach((s, si) =>
      s.questions.forEach((q, qi) => {
        if (seen.has(q.id)) {
          ctx.addIssue({
            code: 'custom',
            message: reason('forms.errors.duplicateId'),
            path: ['sections', si, 'questions', qi, 'id'],
            params: { id: q.id },
          });
        }
        seen.add(q.id);
      }),
    );
  });

export type FormDefinition = z.infer<typeof formDefinitionSchema>;
export type FormQuestion = z.infer<typeof questionSchema>;
export type FormOption = z.infer<typeof optionSchema>;

/** Every question of a definition in display order. */
export function allQuestions(def: FormDefinition): FormQuestion[] {
  return def.sections.flatMap((s) => s.questions);
}

/** Sum of the points of the scored questions: the most a unit can earn from this form type. */
export function maxPoints(def: FormDefinition): number {
  return allQuestions(def).reduce((sum, q) => sum + q.points, 0);
}
