import { sql } from 'drizzle-orm';
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

// Times are epoch milliseconds (UTC) in integer columns; calendar days are 'YYYY-MM-DD' in Vietnam time.

/** invitations.answered_day of an unused link: a day-sized placeholder (see there). */
export const NOT_ANSWERED = '0000-00-00';

export const UNIT_GROUPS = ['so_nganh', 'ubnd_huyen', 'dvsn', 'co_quan_tw'] as const;
export type UnitGroup = (typeof UNIT_GROUPS)[number];
export const CAMPAIGN_STATUSES = ['draft', 'open', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export const DELIVERY_STATUSES = ['not_sent', 'queued', 'sent', 'failed', 'bounced'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed', 'bounced'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];
export const MAIL_KINDS = ['invitation', 'reminder', 'thank_you', 'other'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];
export const USER_ROLES = ['admin', 'officer', 'enumerator'] as const;
/** How a form type is answered: by personal invitation links, or by open links posted for the public. */
export const FORM_CHANNELS = ['invitation', 'open'] as const;
export type FormChannel = (typeof FORM_CHANNELS)[number];
export type UserRole = (typeof USER_ROLES)[number];

const createdAt = () =>
  integer('created_at')
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

// Foreign keys every per-campaign table repeats.
const campaignRef = () =>
  integer('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' });
const unitRef = () =>
  integer('unit_id')
    .notNull()
    .references(() => units.id);
const formTypeRef = () =>
  text('form_type')
    .notNull()
    .references(() => formTypes.code);

export const campaigns = sqliteTable('campaigns', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull(),
  year: integer('year').notNull(),
  /** Fixed subject of every invitation, e.g. "Sở Nội vụ kính gửi Phiếu khảo sát trực tuyến Chỉ số CCHC 2019". */
  mailSubject: text('mail_subject').notNull(),
  status: text('status', { enum: CAMPAIGN_STATUSES }).notNull().default('draft'),
  opensAt: integer('opens_at'),
  /** Campaign-wide last moment for answers; each unit may have an earlier deadline of its own. */
  closesAt: integer('closes_at'),
  closedAt: integer('closed_at'),
  /** Send an automatic reminder this many days before each unit's deadline (null: never). */
  reminderDaysBefore: integer('reminder_days_before'),
  /** JSON: per-campaign overrides of the mail templates ({ invitation?: {html, text}, ... }). */
  mailTemplates: text('mail_templates'),
  /** Fewest responses a unit and form type need before results show per-question detail (docs/DOMAIN.md § Anonymity and personal data). */
  minGroupSize: integer('min_group_size').notNull().default(5),
  /** Whom respondents call or write to for help: named on every survey page. */
  contactPhone: text('contact_phone'),
  contactEmail: text('contact_email'),
  /** Hours after a unit's answer deadline during which interviews done before it may still be synced (docs/DOMAIN.md § Interviews). */
  interviewGraceHours: integer('interview_grace_hours').notNull().default(48),
  /** Open links (docs/DOMAIN.md § Open links): an answer sent sooner than this after the form was opened is held. */
  openMinSeconds: integer('open_min_seconds').notNull().default(30),
  /** Open links: answers per address and unit per hour beyond which the next ones are held. */
  openAddressHourlyLimit: integer('open_address_hourly_limit').notNull().default(30),
  /** Open links: identical answer sheets from one address and unit within openSameMinutes beyond which the next are held. */
  openSameAnswersLimit: integer('open_same_answers_limit').notNull().default(3),
  openSameMinutes: integer('open_same_minutes').notNull().default(10),
  createdAt: createdAt(),
});

export const units = sqliteTable('units', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  group: text('group', { enum: UNIT_GROUPS }).notNull(),
  createdAt: createdAt(),
});

/** A unit's participation in a campaign: its own sending day and answer deadline. */
export const campaignUnits = sqliteTable(
  'campaign_units',
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    sendOn: text('send_on'),
    deadlineAt: integer('deadline_at'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] })],
);

export const formTypes = sqliteTable('form_types', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  description: text('description'),
  sortOrder: integer('sort_order').notNull().default(0),
  channel: text('channel', { enum: FORM_CHANNELS }).notNull().default('invitation'),
});

/** Planned number of forms a unit must return, per form type. */
export const unitQuotas = sqliteTable(
  'unit_quotas',
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    formType: formTypeRef(),
    quota: integer('quota').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.formType] })],
);

/** Versioned questionnaire (JSON, see src/forms/definition.ts); a response records the version it answered. */
export const formDefinitions = sqliteTable(
  'form_definitions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: campaignRef(),
    formType: formTypeRef(),
    version: integer('version').notNull(),
    definition: text('definition').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('form_definitions_campaign_type_version').on(t.campaignId, t.formType, t.version)],
);

/** A person invited in a campaign, identified by trimmed lower-case email. */
export const respondents = sqliteTable(
  'respondents',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: campaignRef(),
    email: text('email').notNull(),
    fullName: text('full_name').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: integer('updated_at'),
  },
  (t) => [uniqueIndex('respondents_campaign_email').on(t.campaignId, t.email)],
);

/** One per person per form type; the token is the only key a respondent ever holds. */
export const invitations = sqliteTable(
  'invitations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: campaignRef(),
    respondentId: integer('respondent_id')
      .notNull()
      .references(() => respondents.id, { onDelete: 'cascade' }),
    unitId: unitRef(),
    formType: formTypeRef(),
    token: text('token').notNull().unique(),
    deliveryStatus: text('delivery_status', { enum: DELIVERY_STATUSES }).notNull().default('not_sent'),
    /** Server's reason for a failure or bounce. */
    deliveryDetail: text('delivery_detail'),
    sentAt: integer('sent_at'),
    /**
     * The Vietnam day the link was used, NOT_ANSWERED until then: the same size either way, so answering overwrites
     * the row where it lies and its place in the file says nothing about when (docs/DOMAIN.md § Anonymity and
     * personal data). The response itself is stored without any link back.
     */
    answeredDay: text('answered_day').notNull().default(NOT_ANSWERED),
    /** answered_day, or null while the link is unused: what queries read (computed, not stored). */
    answeredOn: text('answered_on').generatedAlwaysAs(sql`nullif(answered_day, '0000-00-00')`, {
      mode: 'virtual',
    }),
    remindedAt: integer('reminded_at'),
    reminderCount: integer('reminder_count').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('invitations_person_form').on(t.campaignId, t.respondentId, t.formType),
    // Nothing that changes on answering is indexed: an index entry that changes is deleted and inserted anew, and
    // the new entry's place in its page would follow the order of the answers.
    index('invitations_counts').on(t.campaignId, t.unitId, t.formType, t.deliveryStatus),
  ],
);

/**
 * How many links of a unit and form type were answered: a count, kept by triggers on invitations (migration 0002),
 * so progress needs no index on the answered day (an index entry that changes is moved, and where it lands follows
 * the order of the answers; docs/DOMAIN.md § Anonymity and personal data).
 */
export const answeredCounts = sqliteTable(
  'answered_counts',
  {
    campaignId: campaignRef(),
    unitId: integer('unit_id').notNull(),
    formType: text('form_type').notNull(),
    answered: integer('answered').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.formType] })],
);

/** Tokens replaced by a resend, so their links can say "this link was replaced" instead of "unknown". */
export const revokedTokens = sqliteTable('revoked_tokens', {
  token: text('token').primaryKey(),
  invitationId: integer('invitation_id')
    .notNull()
    .references(() => invitations.id, { onDelete: 'cascade' }),
  revokedAt: integer('revoked_at').notNull(),
});

/**
 * Anonymous answers, in slots (docs/DOMAIN.md § Anonymity and personal data). A pool per campaign, unit, form type
 * and capacity (bytes, a power of two) holds numbered slots. An answer sheet (src/responses/answer-encoding.ts:
 * questionnaire version, day, answers) is written over a free slot drawn at random, with exactly the slot's bytes,
 * so the row stays where it lies and its place says nothing about when. Rows are only ever appended (a nearly full pool
 * gets as many new slots, and its answers are dealt out again at random over old and new ones, in place:
 * src/responses/store-response.ts) and never moved, so SQLite never rebuilds a page holding answers and leaves no
 * older copy of one behind. The rowid is the order of allocation, not of answers.
 */
export const responseSlots = sqliteTable(
  'response_slots',
  {
    id: integer('id').primaryKey(),
    campaignId: campaignRef(),
    unitId: unitRef(),
    formType: formTypeRef(),
    capacity: integer('capacity').notNull(),
    slot: integer('slot').notNull(),
    /** 0 free, 1 filled: both take no bytes in the record, so filling keeps its size. */
    filled: integer('filled').notNull().default(0),
    content: blob('content', { mode: 'buffer' }).notNull(),
  },
  // Never changes once a slot exists: filling a slot leaves the index alone.
  (t) => [uniqueIndex('response_slots_pool').on(t.campaignId, t.unitId, t.formType, t.capacity, t.slot)],
);

/**
 * Public links of the open form types (docs/DOMAIN.md § Open links): one per unit and open form type, and one
 * campaign-wide per open form type (unit_id null) where the respondent first picks the unit. A revoked link stays
 * so its page can say it was replaced.
 */
export const openLinks = sqliteTable(
  'open_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: campaignRef(),
    unitId: integer('unit_id').references(() => units.id),
    formType: formTypeRef(),
    code: text('code').notNull().unique(),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('open_links_campaign').on(t.campaignId, t.unitId, t.formType)],
);

/**
 * What the open-link checks need, kept apart from the answers and dropped at close (docs/DOMAIN.md § Open links):
 * the campaign's secret keying every hash below. Never stored with, or joined to, an answer.
 */
export const openCheckSecrets = sqliteTable('open_check_secrets', {
  campaignId: integer('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  secret: blob('secret', { mode: 'buffer' }).notNull(),
});

/** Counters per keyed hash (of an address and unit, or of an address, unit and answer sheet) and time window. */
export const openCheckCounts = sqliteTable(
  'open_check_counts',
  {
    campaignId: campaignRef(),
    key: blob('key', { mode: 'buffer' }).notNull(),
    windowStart: integer('window_start').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.key, t.windowStart] })],
);

/** Form nonces already used (their keyed hash) until the hour they expire: each is accepted once. */
export const openUsedNonces = sqliteTable(
  'open_used_nonces',
  {
    campaignId: campaignRef(),
    nonceHash: blob('nonce_hash', { mode: 'buffer' }).notNull(),
    expiresHour: integer('expires_hour').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.nonceHash] })],
);

/** Durable outbox: a message is written here in the same transaction as the change that causes it. */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    campaignId: integer('campaign_id').references(() => campaigns.id, { onDelete: 'cascade' }),
    invitationId: integer('invitation_id').references(() => invitations.id, { onDelete: 'set null' }),
    /** Groups the messages of one "send" action, for its progress bar. */
    batchId: text('batch_id'),
    kind: text('kind', { enum: MAIL_KINDS }).notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    html: text('html').notNull(),
    textBody: text('text_body').notNull(),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull().default(0),
    lockedAt: integer('locked_at'),
    lastError: text('last_error'),
    sentAt: integer('sent_at'),
    messageId: text('message_id'),
    /** Where the embedded (no SMTP_URL) transport wrote the .eml file. */
    emlPath: text('eml_path'),
    createdAt: createdAt(),
  },
  (t) => [
    index('mail_outbox_due').on(t.status, t.nextAttemptAt),
    index('mail_outbox_batch').on(t.batchId, t.status),
  ],
);

/**
 * Thank-you mails waiting to be delivered, in slots (docs/DOMAIN.md § Anonymity and personal data). A pool per
 * capacity (bytes, a power of two) holds numbered slots; a mail (src/mail/thank-you-slots.ts: its campaign,
 * recipient, subject, text and HTML) is written over a free slot drawn at random, with exactly the slot's bytes,
 * and its delivery state beside it at a fixed size too; once its delivery ends both are overwritten with zeros of
 * the same size. Every write is thus in place: no row is ever deleted or moved, so SQLite never rebuilds a page
 * of this table and leaves no copy of an address in its free space. The rowid is the order of allocation.
 */
export const thankYouSlots = sqliteTable(
  'thank_you_slots',
  {
    id: integer('id').primaryKey(),
    capacity: integer('capacity').notNull(),
    slot: integer('slot').notNull(),
    /** 0 free, 1 holding a mail: both take no bytes in the record, so filling keeps its size. */
    filled: integer('filled').notNull().default(0),
    /** Random key, queued/sending, attempts, next attempt, claim minute; zeros when free. */
    state: blob('state', { mode: 'buffer' }).notNull(),
    mail: blob('mail', { mode: 'buffer' }).notNull(),
  },
  // Never changes once a slot exists: filling a slot leaves the index alone.
  (t) => [uniqueIndex('thank_you_slots_pool').on(t.capacity, t.slot)],
);

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  username: text('username').notNull().unique(),
  displayName: text('display_name').notNull().default(''),
  email: text('email'),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: USER_ROLES }).notNull(),
  disabledAt: integer('disabled_at'),
  passwordChangedAt: integer('password_changed_at'),
  createdAt: createdAt(),
});

/** Units a focal officer may see. */
export const userUnits = sqliteTable(
  'user_units',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.userId, t.unitId] })],
);

/** What an enumerator (điều tra viên) may interview for in a campaign: a unit, a form type and a target count. */
export const enumeratorAssignments = sqliteTable(
  'enumerator_assignments',
  {
    campaignId: campaignRef(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    unitId: unitRef(),
    formType: formTypeRef(),
    target: integer('target').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.userId, t.unitId, t.formType] })],
);

/**
 * When an enumerator's recent interviews ended (device time), for the "many within minutes" check: no unit, form
 * type or id, so no row names an answer; rows older than a day are dropped at each sync (docs/DOMAIN.md § Interviews).
 */
export const interviewEndTimes = sqliteTable('interview_end_times', {
  userId: integer('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  endedAt: integer('ended_at').notNull(),
});

/** Server-side sessions; the id is the SHA-256 of the cookie value, so a leaked db holds no usable cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** Who, as text, so the entry survives a deleted user and covers the CLI ("cli"). */
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    campaignId: integer('campaign_id'),
    /** JSON {"key", "params"} put into words when shown (src/audit/audit-detail.ts); older entries hold a sentence. */
    detail: text('detail'),
  },
  (t) => [index('audit_log_at').on(t.at)],
);

/** Uploaded import files between the dry run and the admin's commit. */
export const importUploads = sqliteTable('import_uploads', {
  id: text('id').primaryKey(),
  kind: text('kind', { enum: ['units', 'respondents', 'points'] }).notNull(),
  campaignId: integer('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  fileName: text('file_name').notNull(),
  storedPath: text('stored_path').notNull(),
  /** JSON of the dry-run report shown to the admin. */
  report: text('report'),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  committedAt: integer('committed_at'),
});

/** Scores frozen at close, per unit and form type, with the definition version they used. */
export const scoreSnapshots = sqliteTable(
  'score_snapshots',
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    formType: formTypeRef(),
    definitionVersion: integer('definition_version').notNull(),
    received: integer('received').notNull(),
    quota: integer('quota').notNull(),
    maxPoints: real('max_points').notNull(),
    raw: real('raw').notNull(),
    final: real('final').notNull(),
    reduction: real('reduction').notNull(),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId, t.formType] })],
);

/**
 * A unit's appraised self-assessment points for the PAR index in a campaign, imported from the scoring software
 * (docs/DOMAIN.md § Index and ranking); a re-import replaces a unit's row.
 */
export const indexPoints = sqliteTable(
  'index_points',
  {
    campaignId: campaignRef(),
    unitId: unitRef(),
    appraised: real('appraised').notNull(),
    /** The most the appraised part can give, as the file states it (null when the file does not say). */
    appraisedMax: real('appraised_max'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] })],
);

/**
 * Per campaign: what the survey part of the index is worth per unit group (JSON { group: points }; a group not
 * named is worth DEFAULT_SURVEY_POINTS) and how the signable report is headed and signed.
 */
export const reportSettings = sqliteTable('report_settings', {
  campaignId: integer('campaign_id')
    .primaryKey()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  surveyPoints: text('survey_points', { mode: 'json' }).$type<Partial<Record<UnitGroup, number>>>().notNull(),
  /** The body above the issuer, e.g. "UBND TỈNH SÓC TRĂNG". */
  superior: text('superior').notNull().default(''),
  issuer: text('issuer').notNull().default(''),
  place: text('place').notNull().default(''),
  /** "Nơi nhận", one recipient per line. */
  recipients: text('recipients').notNull().default(''),
  signerTitle: text('signer_title').notNull().default(''),
  signerName: text('signer_name').notNull().default(''),
});
