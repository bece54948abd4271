import { perConnection, type Db } from '../db/client';
import { getFormDefinition, type VersionedDefinition } from './get-form-definition';

// A stored version never changes (an edit is a new version), so a parsed definition can be kept for good.
const definitionsOf = perConnection(() => new Map<string, VersionedDefinition | null>());

/** getFormDefinition for one exact version, parsed once per db handle: respondents' pages are the hot path. */
export function getCachedFormDefinition(
  db: Db,
  campaignId: number,
  formType: string,
  version: number,
): VersionedDefinition | null {
  const perDb = definitionsOf(db);
  const key = `${campaignId}:${formType}:${version}`;
  let found = perDb.get(key);
  if (found === undefined) {
    found = getFormDefinition(db, campaignId, formType, version);
    if (found) perDb.set(key, found);
  }
  return found;
}
