import type { Db } from '../db/client';
import { newTokens } from '../tokens';
import { vnTimeAndDate } from '../time';
import { ANSWER_DEADLINE_SQL } from '../units/campaign-units';
import { batchInsert, withIndexesRebuiltAfter } from './batch-insert';
import { cellText, parseEmail } from './cell-values';
import type { ErrorLog } from './error-log';
import type { FormTypeMatcher } from './form-type-matcher';
import { normalizeKey } from './normalize-key';
import type { SourceRow } from './read-table';
import type { RowImporter } from './row-importer';

type Person = {
  email: string;
  fullName: string;
  /** Flat [formType, unitId, row, formType, unitId, row, ...]: 100,000 people stay cheap. */
  invites: (string | number)[];
};

type ExistingPerson = { id: number; email: string; fullName: string };
type ExistingInvitation = { id: number; unitId: number; answered: boolean };

/**
 * One respondent per (campaign, email), one invitation per (person, form type) carrying the row's unit.
 * Nothing is deleted: people absent from the file keep their invitations.
 *
 * An address new to the campaign is always a new person, even when someone with the same full name (ignoring
 * case, diacritics and spacing) is already listed in the same unit: that is a warning naming both addresses, for
 * the admin to decide (docs/DOMAIN.md § Invitations).
 */
export function createRespondentsImporter(
  db: Db,
  campaignId: number,
  errors: ErrorLog,
  formTypes: FormTypeMatcher,
  now: number,
): RowImporter {
  const sql = db.$client;
  const unitIds = new Map<string, number>();
  const unitCodes = new Map<number, string>();
  const deadlines = new Map<number, number>();
  for (const u of sql
    .prepare(
      `select u.id, u.code, ${ANSWER_DEADLINE_SQL} as deadline
       from units u join campaign_units cu on cu.unit_id = u.id join campaigns c on c.id = cu.campaign_id
       where cu.campaign_id = ?`,
    )
    .all(campaignId) as { id: number; code: string; deadline: number | null }[]) {
    unitIds.set(u.code.toUpperCase(), u.id);
    unitCodes.set(u.id, u.code);
    if (u.deadline !== null && u.deadline < now) deadlines.set(u.id, u.deadline);
  }
  // People of a unit whose deadline has passed: imported (a late list, a deadline about to be extended), but no
  // invitation goes out to them; one warning per unit, at its first row.
  const pastDeadline = new Map<number, { row: number; unit: string; count: number }>();
  const quotas = new Map<string, number>();
  for (const q of sql
    .prepare('select unit_id, form_type, quota from unit_quotas where campaign_id = ?')
    .raw()
    .all(campaignId) as [number, string, number][]) {
    quotas.set(`${q[0]}|${q[1]}`, q[2]);
  }
  // Invitations for a form type the unit has no quota for: imported, but the admin should know (a wrong form type
  // in the file, or a quota not loaded yet). One warning per unit and form type, at its first row.
  const withoutQuota = new Map<string, { row: number; unit: string; form: string; count: number }>();
  const people = new Map<string, Person>();
  const formIndex = new Map(formTypes.codes.map((code, i) => [code, i]));
  const inviteKey = (respondentId: number, formType: string) =>
    respondentId * formTypes.codes.length + formIndex.get(formType)!;

  const addRow = ({ row, cells }: SourceRow) => {
    const email = parseEmail(cells.email);
    const emailText = cellText(cells.email);
    if (!email.ok) errors.add(row, 'email', emailText === '' ? 'required' : 'badEmail', { value: emailText });
    const unitCode = cellText(cells.unit);
    const unitId = unitIds.get(unitCode.toUpperCase());
    if (unitCode === '') errors.add(row, 'unit', 'required');
    else if (unitId === undefined) errors.add(row, 'unit', 'unknownUnit', { value: unitCode });
    const forms = formTypes.parse(cells.form);
    if (!forms.ok)
      errors.add(row, 'form', forms.reason, { value: cellText(cells.form), known: formTypes.known });
    if (!email.ok || !forms.ok || unitId === undefined) return;

    const fullName = cellText(cells.full_name);
    let person = people.get(email.value);
    let newForms = forms.value;
    if (person) {
      // invites is [formType, unitId, row, …]: the row where each listed form type first came.
      const rowOf = (formType: string) => person!.invites[person!.invites.indexOf(formType) + 2] as number;
      const listed = forms.value.filter((formType) => person!.invites.includes(formType));
      newForms = forms.value.filter((formType) => !listed.includes(formType));
      const first = listed[0];
      if (first !== undefined && newForms.length === 0) {
        errors.add(row, 'email', 'duplicateInvitation', { form: first, row: rowOf(first) });
        return;
      }
      // "cbcc,hdnd" for someone already listed for cbcc: the hdnd part is still wanted.
      if (first !== undefined) {
        errors.warn(row, 'form', 'formAlreadyListed', {
          form: first,
          row: rowOf(first),
          added: newForms.join(', '),
        });
      }
      if (person.fullName === '') person.fullName = fullName;
    } else {
      person = { email: email.value, fullName, invites: [] };
      people.set(email.value, person);
    }
    if (deadlines.has(unitId)) {
      const seen = pastDeadline.get(unitId);
      if (seen) seen.count += newForms.length;
      else pastDeadline.set(unitId, { row, unit: unitCode, count: newForms.length });
    }
    for (const formType of newForms) {
      person.invites.push(formType, unitId, row);
      const key = `${unitId}|${formType}`;
      if ((quotas.get(key) ?? 0) > 0) continue;
      const seen = withoutQuota.get(key);
      if (seen) seen.count++;
      else withoutQuota.set(key, { row, unit: unitCode, form: formType, count: 1 });
    }
  };

  const plan = () => {
    for (const { row, unit, form, count } of withoutQuota.values()) {
      errors.warn(row, 'form', 'noQuota', { unit, form, count });
    }
    for (const [unitId, { row, unit, count }] of pastDeadline) {
      errors.warn(row, 'unit', 'unitPastDeadline', { unit, count, ...vnTimeAndDate(deadlines.get(unitId)!) });
    }
    // Raw rows and numeric keys: loading 100,000 people and their invitations must stay cheap.
    const existingByEmail = new Map<string, ExistingPerson>();
    for (const [id, email, fullName] of sql
      .prepare('select id, email, full_name from respondents where campaign_id = ?')
      .raw()
      .all(campaignId) as [number, string, string][]) {
      existingByEmail.set(email, { id, email, fullName });
    }
    const existingInvites = new Map<number, ExistingInvitation>();
    for (const [id, respondentId, formType, unitId, answered] of sql
      .prepare(
        `select id, respondent_id, form_type, unit_id, answered_on is not null
         from invitations where campaign_id = ?`,
      )
      .raw()
      .all(campaignId) as [number, number, string, number, number][]) {
      existingInvites.set(inviteKey(respondentId, formType), { id, unitId, answered: answered === 1 });
    }
    const unitsOf = (respondentId: number) =>
      formTypes.codes
        .map((formType) => existingInvites.get(inviteKey(respondentId, formType))?.unitId)
        .filter((unitId): unitId is number => unitId !== undefined);
    findNamesakes(people, existingByEmail, unitsOf, (person, row, unitId, addresses) =>
      errors.warn(row, 'full_name', 'sameName', {
        email: person.email,
        name: person.fullName,
        existing: addresses.join(', '),
        unit: unitCodes.get(unitId)!,
      }),
    );

    const summary = { created: 0, updated: 0, unchanged: 0, invitationsCreated: 0 };
    const newPeople: Person[] = [];
    const personUpdates: [id: number, fullName: string][] = [];
    const newInvites: [respondentId: number, unitId: number, formType: string][] = [];
    const unitMoves: [invitationId: number, unitId: number][] = [];
    for (const person of people.values()) {
      const existing = existingByEmail.get(person.email);
      if (!existing) {
        summary.created++;
        summary.invitationsCreated += person.invites.length / 3;
        newPeople.push(person);
        continue;
      }
      let changed = person.fullName !== '' && person.fullName !== existing.fullName;
      if (changed) personUpdates.push([existing.id, person.fullName]);
      for (let k = 0; k < person.invites.length; k += 3) {
        const formType = person.invites[k] as string;
        const unitId = person.invites[k + 1] as number;
        const invitation = existingInvites.get(inviteKey(existing.id, formType));
        if (!invitation) {
          summary.invitationsCreated++;
          newInvites.push([existing.id, unitId, formType]);
          changed = true;
        } else if (invitation.unitId !== unitId) {
          // An answer already counts for the unit it was given for; moving it would change another unit's score.
          if (invitation.answered)
            errors.add(person.invites[k + 2] as number, 'unit', 'answeredUnitKept', { form: formType });
          else {
            unitMoves.push([invitation.id, unitId]);
            changed = true;
          }
        }
      }
      if (changed) summary.updated++;
      else summary.unchanged++;
    }

    const apply = (now: number) => {
      const updatePerson = sql.prepare('update respondents set full_name = ?, updated_at = ? where id = ?');
      const moveInvite = sql.prepare('update invitations set unit_id = ? where id = ?');
      for (const [id, fullName] of personUpdates) updatePerson.run(fullName, now, id);
      for (const [id, unitId] of unitMoves) moveInvite.run(unitId, id);
      // Ids are handed out here (inside the write transaction) so invitations can be batched without
      // reading each new respondent's id back; past the AUTOINCREMENT high-water mark, as SQLite would.
      const firstId =
        (sql
          .prepare(
            `select max(coalesce((select seq from sqlite_sequence where name = 'respondents'), 0),
               coalesce((select max(id) from respondents), 0))`,
          )
          .pluck()
          .get() as number) + 1;
      withIndexesRebuiltAfter(sql, 'respondents', newPeople.length, () => {
        const people = batchInsert(
          sql,
          'insert into respondents (id, campaign_id, email, full_name, created_at)',
          5,
        );
        newPeople.forEach((person, i) =>
          people.add([firstId + i, campaignId, person.email, person.fullName, now]),
        );
        people.flush();
      });
      withIndexesRebuiltAfter(sql, 'invitations', summary.invitationsCreated, () => {
        const invitations = batchInsert(
          sql,
          'insert into invitations (campaign_id, respondent_id, unit_id, form_type, token, created_at)',
          6,
        );
        const tokens = newTokens(summary.invitationsCreated);
        let next = 0;
        for (const [respondentId, unitId, formType] of newInvites) {
          invitations.add([campaignId, respondentId, unitId, formType, tokens[next++], now]);
        }
        newPeople.forEach((person, i) => {
          const invites = person.invites;
          for (let k = 0; k < invites.length; k += 3) {
            invitations.add([campaignId, firstId + i, invites[k + 1], invites[k], tokens[next++], now]);
          }
        });
        invitations.flush();
      });
    };
    return { summary, apply };
  };

  return { addRow, plan };
}

/**
 * A person new to the campaign whose full name is already listed in one of their units at another address:
 * perhaps a namesake, perhaps the same person at a new address. Either way they are imported as a new person;
 * `warn` gets their row in that unit and the addresses listed under the name there, for the admin to decide.
 */
function findNamesakes(
  people: Map<string, Person>,
  existingByEmail: Map<string, ExistingPerson>,
  unitsOf: (respondentId: number) => number[],
  warn: (person: Person, row: number, unitId: number, addresses: string[]) => void,
): void {
  const listed = new Map<string, string[]>();
  for (const existing of existingByEmail.values()) {
    if (existing.fullName === '') continue;
    for (const unitId of new Set(unitsOf(existing.id))) {
      pushTo(listed, nameInUnit(existing.fullName, unitId), existing.email);
    }
  }
  if (listed.size === 0) return;
  for (const person of people.values()) {
    if (existingByEmail.has(person.email) || person.fullName === '') continue;
    for (let k = 0; k < person.invites.length; k += 3) {
      const unitId = person.invites[k + 1] as number;
      const addresses = listed.get(nameInUnit(person.fullName, unitId));
      if (addresses) {
        warn(person, person.invites[k + 2] as number, unitId, addresses);
        break;
      }
    }
  }
}

function nameInUnit(fullName: string, unitId: number): string {
  return `${normalizeKey(fullName)}|${unitId}`;
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
