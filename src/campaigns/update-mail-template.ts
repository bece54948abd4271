import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command, type CommandContext } from '../command';
import type { Db } from '../db/client';
import { campaigns } from '../db/schema';
import { addFieldError, invalidFields, type FieldErrors } from '../errors';
import { campaignTemplates, withOwnTemplate, type CampaignTemplate } from '../mail/campaign-templates';
import { compileTemplate, TEMPLATE_KINDS, type TemplateKind } from '../mail/templates';
import { campaignIdField, getCampaign } from './campaigns';

const whichTemplate = z.object({ campaignId: campaignIdField, kind: z.enum(TEMPLATE_KINDS) });

/**
 * Stores a campaign's own template for one kind of mail once it checks out, refused with every problem and its
 * line otherwise (fields `body`, `body#2`…); a body equal to the built-in one removes the campaign's own. The
 * other kinds stay as stored. Audited when something changed.
 */
export const updateMailTemplate = command(
  whichTemplate.extend({ body: z.string().transform((body) => body.replace(/\r\n?/g, '\n')) }),
  (ctx, { campaignId, kind, body }) => {
    const compiled = compileTemplate(kind, body);
    if (!compiled.ok) {
      const problems: FieldErrors = {};
      for (const error of compiled.errors) addFieldError(problems, 'body', error);
      throw invalidFields(problems);
    }
    return { changed: storeOwnTemplate(ctx, campaignId, kind, body) };
  },
);

/** Goes back to the built-in template for one kind of mail. Audited when the campaign had its own. */
export const resetMailTemplate = command(whichTemplate, (ctx, { campaignId, kind }) => ({
  changed: storeOwnTemplate(ctx, campaignId, kind, undefined),
}));

/** The templates in effect for a campaign (its own or the built-in one), for the editor. */
export function getCampaignTemplates(db: Db, campaignId: number): Record<TemplateKind, CampaignTemplate> {
  return campaignTemplates(getCampaign(db, campaignId).mailTemplates);
}

function storeOwnTemplate(
  { db, actor, now }: CommandContext,
  campaignId: number,
  kind: TemplateKind,
  body: string | undefined,
): boolean {
  const { json, changed, own } = withOwnTemplate(getCampaign(db, campaignId).mailTemplates, kind, body);
  if (!changed) return false;
  db.update(campaigns).set({ mailTemplates: json }).where(eq(campaigns.id, campaignId)).run();
  const action = own ? 'mail.templates' : 'mail.templates_reset';
  recordAudit(db, actor, action, { campaignId, detail: { key: `mail.kinds.${kind}` } }, now);
  return true;
}
