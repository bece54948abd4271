import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import type { Db } from '../db/client';
import { AppError, invalidFields } from '../errors';
import { parseDefinitionText } from '../forms/definition-text';
import { getFormDefinition, saveFormDefinition } from '../forms/get-form-definition';
import { listFormTypes } from '../units/campaign-units';
import { campaignIdField, getCampaign } from './campaigns';

/**
 * Replaces a campaign's questionnaire for one form type with `definition`, its JSON text: a new version when it
 * differs from the current one (responses already received keep theirs; links opened from now on get the new
 * one), nothing when it is the same. Refused for a closed campaign or an unknown form type, and with every
 * problem of the text and where it is (forms/definition-text.ts). Audited.
 */
export const updateFormDefinition = command(
  z.object({ campaignId: campaignIdField, formType: z.string(), definition: z.string() }),
  ({ db, actor, now }, { campaignId, formType, definition: text }) => {
    assertFormEditable(db, campaignId, formType);
    const parsed = parseDefinitionText(text);
    if (!parsed.ok) throw invalidFields(parsed.problems);
    const current = getFormDefinition(db, campaignId, formType);
    if (current && JSON.stringify(current.definition) === JSON.stringify(parsed.definition)) {
      return { version: current.version, changed: false };
    }
    const version = saveFormDefinition(db, campaignId, formType, parsed.definition);
    recordAudit(
      db,
      actor,
      'form.update',
      {
        campaignId,
        detail: { key: 'admin.audit.formVersion', params: { form: formType, version: String(version) } },
      },
      now,
    );
    return { version, changed: true };
  },
);

/** The campaign and form type exist and the campaign is not closed; otherwise an AppError. */
export function assertFormEditable(db: Db, campaignId: number, formType: string): void {
  const campaign = getCampaign(db, campaignId);
  if (!listFormTypes(db).some((f) => f.code === formType)) {
    throw new AppError('not_found', 'forms.unknownFormType', { formType });
  }
  if (campaign.status === 'closed') throw new AppError('campaign_closed', 'forms.closed');
}
