import fs from 'node:fs';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { closeCampaign } from '../../src/campaigns/close-campaign';
import { orThrow } from '../../src/errors';
import { readResponses } from '../../src/responses/read-responses';
import { browserAt, citizenAnswers, openLinksFixture } from '../helpers/open-links';

// docs/DOMAIN.md § Open links: what the checks keep is apart from the answers, keyed by a campaign secret, and
// gone at close. Read as an attacker holding the file afterwards would.
describe('open answers after close', () => {
  it('leave nothing in the database that joins an answer to an address or a browser', async () => {
    const f = openLinksFixture();
    try {
      const address = '203.0.113.77';
      const code = f.linkOf(f.units[0]!.id);
      const browser = browserAt(f.app, address);
      const page = await browser.open(`/k/${code}`);
      expect(page.status).toBe(200);
      const nonce = browser.form().nonce;
      f.advance(90);
      const sent = await browser.send(code, citizenAnswers(3));
      expect(sent.status).toBe(303);
      const receipt = /cchc\.answered=([^;]+)/.exec(String(sent.headers['set-cookie']))![1]!;
      // A second, fast answer from the same address: held, so the hold path is covered too.
      const robot = browserAt(f.app, address);
      await robot.open(`/k/${code}`);
      await robot.send(code, citizenAnswers(4));

      // What the checks hold while the campaign runs: a secret and keyed hashes, never the address itself.
      const q = (sql: string) => f.db.$client.prepare(sql).raw().all() as unknown[][];
      const secret = q('SELECT secret FROM open_check_secrets')[0]![0] as Buffer;
      const keys = q('SELECT key FROM open_check_counts').map((r) => r[0] as Buffer);
      const usedNonces = q('SELECT nonce_hash FROM open_used_nonces').map((r) => r[0] as Buffer);
      expect(keys.length).toBeGreaterThan(0);
      expect(usedNonces).toHaveLength(2);
      expect(JSON.stringify(dump(f.db))).not.toContain(address);
      // They are in the file now, so the scan below would see them if close left them behind.
      for (const bytes of [secret, keys[0]!, usedNonces[0]!])
        expect(fs.readFileSync(f.file).includes(bytes)).toBe(true);

      orThrow(closeCampaign(f.db, { campaignId: f.campaign.id }, SYSTEM_ACTOR, f.now()));

      for (const table of ['open_check_secrets', 'open_check_counts', 'open_used_nonces'])
        expect(f.count(table)).toBe(0);
      // The answer is still there, with its unit, form type, version and day only.
      const [response] = readResponses(f.db, f.campaign.id);
      expect(Object.keys(response!).sort()).toEqual(['answers', 'day', 'formType', 'unitId', 'version']);
      const slotColumns = f.db.$client
        .prepare('SELECT name FROM pragma_table_info(?)')
        .pluck()
        .all('response_slots');
      expect(slotColumns).toEqual([
        'id',
        'campaign_id',
        'unit_id',
        'form_type',
        'capacity',
        'slot',
        'filled',
        'content',
      ]);

      // Not in any row, and not in the file's bytes (deleted records are zeroed: secure_delete).
      const rows = JSON.stringify(dump(f.db));
      const file = fs.readFileSync(f.file);
      for (const text of [address, receipt, nonce, decodeURIComponent(receipt)]) {
        expect(rows).not.toContain(text);
        expect(file.includes(Buffer.from(text))).toBe(false);
      }
      for (const bytes of [secret, ...keys, ...usedNonces]) expect(file.includes(bytes)).toBe(false);
    } finally {
      f.cleanup();
    }
  });
});

/** Every row of every table, blobs as hex. */
function dump(db: ReturnType<typeof openLinksFixture>['db']) {
  const tables = db.$client
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  return tables.map((t) =>
    (db.$client.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][]).map((row) =>
      row.map((v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
    ),
  );
}
