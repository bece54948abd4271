import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { formDefinitions } from '../db/schema';
import { formDefinitionSchema, type FormDefinition } from './definition';

export type VersionedDefinition = { version: number; definition: FormDefinition };

/** The latest (or a given) version of a campaign's questionnaire for one form type; null when absent. */
export function getFormDefinition(
  db: Db,
  campaignId: number,
  formType: string,
  version?: number,
): VersionedDefinition | null {
  const where = and(
    eq(formDefinitions.campaignId, campaignId),
    eq(formDefinitions.formType, formType),
    version === undefined ? undefined : eq(formDefinitions.version, version),
  );
  const row = db
    .select({ version: formDefinitions.version, definition: formDefinitions.definition })
    .from(formDefinitions)
    .where(where)
    .orderBy(desc(formDefinitions.version))
    .limit(1)
    .get();
  if (!row) return null;
  return { version: row.version, definition: formDefinitionSchema.parse(JSON.parse(row.definition)) };
}

/** Stores an edited questionnaire as a new version; responses already received keep the version they answered. */
export function saveFormDefinition(
  db: Db,
  campaignId: number,
  formType: string,
  definition: unknown,
): number {
  const parsed = formDefinitionSchema.parse(definition);
  const current = getFormDefinition(db, campaignId, formType);
  const version = (current?.version ?? 0) + 1;
  db.insert(formDefinitions)
    .values({ campaignId, formType, version, definition: JSON.stringify(parsed) })
    .run();
  return version;
}
