import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../audit/record-audit';
import { command } from '../command';
import { units, userUnits } from '../db/schema';
import { requireUser, unitIdsField, userIdField, writeUserUnits } from './users';

/** Replaces the units a focal officer may see (unknown units are refused). Audited with the units' codes. */
export const setUserUnits = command(
  z.object({ userId: userIdField, unitIds: unitIdsField }),
  ({ db, actor, now }, { userId, unitIds }) => {
    const user = requireUser(db, userId);
    db.delete(userUnits).where(eq(userUnits.userId, userId)).run();
    writeUserUnits(db, userId, unitIds);
    const codes = db
      .select({ code: units.code })
      .from(userUnits)
      .innerJoin(units, eq(units.id, userUnits.unitId))
      .where(eq(userUnits.userId, userId))
      .orderBy(asc(units.code))
      .all()
      .map((u) => u.code);
    const params = { username: user.username, units: codes.join(', ') || '—' };
    recordAudit(db, actor, 'user.units', { detail: { key: 'admin.audit.userUnits', params } }, now);
    return user;
  },
);
