import type Database from 'better-sqlite3';
import { perConnection, type Db } from '../db/client';
import type { CampaignStatus } from '../db/schema';
import { getCachedFormDefinition } from '../forms/cached-form-definition';
import type { VersionedDefinition } from '../forms/get-form-definition';
import { TOKEN_PATTERN } from '../tokens';

/** Another invitation of the same person (dual-group people answer one form per form type). */
export type OtherForm = { formType: string; formTypeName: string; token: string; answered: boolean };

/** What a valid link is about: who is asked, for which unit, form type and deadline. */
export type InvitationContext = {
  invitationId: number;
  campaignId: number;
  campaignName: string;
  mailSubject: string;
  mailTemplates: string | null;
  /** The campaign's help contact, named on the survey pages. */
  contactPhone: string | null;
  contactEmail: string | null;
  unitId: number;
  unitName: string;
  formType: string;
  formTypeName: string;
  fullName: string;
  email: string;
  /** The earlier of the unit's deadline and the campaign's closing time; null when neither is set. */
  deadlineAt: number | null;
  otherForms: OtherForm[];
};

export type TokenState =
  | { state: 'unknown' }
  | { state: 'revoked' }
  | { state: 'answered'; answeredOn: string; invitation: InvitationContext }
  | { state: 'draft'; opensAt: number | null }
  | { state: 'not_yet_open'; opensAt: number }
  | { state: 'past_deadline'; deadlineAt: number }
  | { state: 'closed'; closedAt: number | null }
  | { state: 'open'; invitation: InvitationContext; form: VersionedDefinition };

export type TokenStateName = TokenState['state'];

type InvitationRow = {
  invitationId: number;
  respondentId: number;
  campaignId: number;
  campaignName: string;
  mailSubject: string;
  mailTemplates: string | null;
  contactPhone: string | null;
  contactEmail: string | null;
  status: CampaignStatus;
  opensAt: number | null;
  closesAt: number | null;
  closedAt: number | null;
  unitId: number;
  unitName: string;
  unitDeadlineAt: number | null;
  formType: string;
  formTypeName: string;
  fullName: string;
  email: string;
  answeredOn: string | null;
  formVersion: number | null;
};

type Statements = {
  snapshot: Database.Transaction<(read: () => TokenState) => TokenState>;
  invitation: Database.Statement<[string], InvitationRow>;
  revoked: Database.Statement<[string], { found: number }>;
  others: Database.Statement<
    [number, number, number],
    { formType: string; formTypeName: string; token: string; answeredOn: string | null }
  >;
};

const statements = perConnection((c): Statements => ({
  // Its statements in one read transaction: the database file is locked and checked once, not once each.
  snapshot: c.transaction((read: () => TokenState) => read()),
  invitation: c.prepare(`
        SELECT i.id AS invitationId, i.respondent_id AS respondentId, c.id AS campaignId, c.name AS campaignName,
               c.mail_subject AS mailSubject, c.mail_templates AS mailTemplates,
               c.contact_phone AS contactPhone, c.contact_email AS contactEmail, c.status, c.opens_at AS opensAt,
               c.closes_at AS closesAt, c.closed_at AS closedAt, u.id AS unitId, u.name AS unitName,
               cu.deadline_at AS unitDeadlineAt, i.form_type AS formType, ft.name AS formTypeName,
               r.full_name AS fullName, r.email, i.answered_on AS answeredOn,
               (SELECT max(fd.version) FROM form_definitions fd
                 WHERE fd.campaign_id = i.campaign_id AND fd.form_type = i.form_type) AS formVersion
          FROM invitations i
          JOIN campaigns c ON c.id = i.campaign_id
          JOIN units u ON u.id = i.unit_id
          JOIN form_types ft ON ft.code = i.form_type
          JOIN respondents r ON r.id = i.respondent_id
          LEFT JOIN campaign_units cu ON cu.campaign_id = i.campaign_id AND cu.unit_id = i.unit_id
         WHERE i.token = ?`),
  revoked: c.prepare('SELECT 1 AS found FROM revoked_tokens WHERE token = ?'),
  others: c.prepare(`
        SELECT i.form_type AS formType, ft.name AS formTypeName, i.token, i.answered_on AS answeredOn
          FROM invitations i JOIN form_types ft ON ft.code = i.form_type
         WHERE i.campaign_id = ? AND i.respondent_id = ? AND i.id <> ?
         ORDER BY ft.sort_order, ft.code`),
}));

/**
 * What a survey link means at `now`: unknown, revoked, answered, draft, not yet open, past deadline, closed or
 * open (with the questionnaire). Never throws for a bad link; a malformed token costs no database query.
 */
export function resolveToken(db: Db, token: string, now: number): TokenState {
  if (!TOKEN_PATTERN.test(token)) return { state: 'unknown' };
  const s = statements(db);
  const read = () => readToken(db, s, token, now);
  return db.$client.inTransaction ? read() : s.snapshot(read);
}

function readToken(db: Db, s: Statements, token: string, now: number): TokenState {
  const row = s.invitation.get(token);
  if (!row) return s.revoked.get(token) ? { state: 'revoked' } : { state: 'unknown' };

  const deadlineAt = earliest(row.unitDeadlineAt, row.closesAt);
  const invitation = (): InvitationContext => ({
    invitationId: row.invitationId,
    campaignId: row.campaignId,
    campaignName: row.campaignName,
    mailSubject: row.mailSubject,
    mailTemplates: row.mailTemplates,
    contactPhone: row.contactPhone,
    contactEmail: row.contactEmail,
    unitId: row.unitId,
    unitName: row.unitName,
    formType: row.formType,
    formTypeName: row.formTypeName,
    fullName: row.fullName,
    email: row.email,
    deadlineAt,
    otherForms: s.others.all(row.campaignId, row.respondentId, row.invitationId).map((o) => ({
      formType: o.formType,
      formTypeName: o.formTypeName,
      token: o.token,
      answered: o.answeredOn !== null,
    })),
  });

  if (row.answeredOn !== null)
    return { state: 'answered', answeredOn: row.answeredOn, invitation: invitation() };
  if (row.status === 'closed') return { state: 'closed', closedAt: row.closedAt };
  if (row.status === 'draft') return { state: 'draft', opensAt: row.opensAt };
  if (row.opensAt !== null && now < row.opensAt) return { state: 'not_yet_open', opensAt: row.opensAt };
  if (deadlineAt !== null && now > deadlineAt) return { state: 'past_deadline', deadlineAt };
  const form =
    row.formVersion === null
      ? null
      : getCachedFormDefinition(db, row.campaignId, row.formType, row.formVersion);
  // A campaign that is open without a questionnaire for this form type cannot take answers yet.
  if (!form) return { state: 'draft', opensAt: row.opensAt };
  return { state: 'open', invitation: invitation(), form };
}

function earliest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}
