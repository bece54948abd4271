import { SYSTEM_ACTOR } from '../audit/actor';
import { createUser, newPassword } from '../auth';
import type { Db } from '../db/client';
import { orThrow } from '../errors';
import { assignEnumerator } from '../interviews/assignments';

/** The demo's two enumerators (điều tra viên) and what each interviews for: post-office staff, as in 2023. */
export const DEMO_ENUMERATORS = [
  {
    username: 'dieutra.vien1',
    displayName: 'Lý Thị Hoa (Bưu điện tỉnh)',
    assignments: [
      { unitCode: 'SNV', formType: 'cbcc', target: 10 },
      { unitCode: 'STP', formType: 'cbcc', target: 10 },
    ],
  },
  {
    username: 'dieutra.vien2',
    displayName: 'Thạch Văn Sơn (Bưu điện tỉnh)',
    assignments: [
      { unitCode: 'STC', formType: 'cbcc', target: 8 },
      { unitCode: 'SNV', formType: 'cbcc', target: 5 },
    ],
  },
];

/**
 * Creates the demo enumerators (an earlier demo's accounts are reused) and assigns them in the campaign. Returns
 * the password of each account created now, to print once.
 */
export async function createDemoEnumerators(
  db: Db,
  campaignId: number,
  now: number,
): Promise<{ username: string; password?: string }[]> {
  const out: { username: string; password?: string }[] = [];
  for (const e of DEMO_ENUMERATORS) {
    const exists = db.$client.prepare('SELECT 1 FROM users WHERE username = ?').get(e.username) !== undefined;
    let password: string | undefined;
    if (!exists) {
      const issued = await newPassword();
      password = issued.password;
      orThrow(createUser(db, { ...e, role: 'enumerator', ...issued }, SYSTEM_ACTOR, now));
    }
    for (const a of e.assignments)
      orThrow(assignEnumerator(db, { campaignId, username: e.username, ...a }, SYSTEM_ACTOR, now));
    out.push({ username: e.username, password });
  }
  return out;
}
