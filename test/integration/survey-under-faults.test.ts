import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import Database from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../src/app';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { t } from '../../src/i18n/messages';
import { createMailer } from '../../src/mail/transport';
import { testConfig } from '../helpers/config';
import { createTestDb } from '../helpers/db';
import { makeInvitedCampaign } from '../helpers/invitation-fixtures';
import { startServerProcess } from '../helpers/server-process';
import { csrfOver, encodeForm, submitOver, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';

const body = (csrf: string) => encodeForm({ ...validAnswers(DEFAULT_FORMS.cbcc!), _csrf: csrf });

const count = (db: Database.Database, sql: string, ...params: unknown[]) =>
  db
    .prepare(sql)
    .pluck()
    .get(...params) as number;

describe('survey submissions under faults', () => {
  it('keeps every acknowledged submit and no orphan response when the server is killed -9 mid-burst', async () => {
    const tdb = createTestDb();
    // Submits that arrive together share a commit, and a commit waits for the disk: acknowledgements come in
    // large groups, so the burst is large enough for the kill to land in its middle.
    const { people } = makeInvitedCampaign(tdb.db, { units: 3, perUnit: 150 });
    const tokens = people.map((p) => p.invitations[0]!.token);
    // Kept out of the burst: the burst may still answer all it sends.
    const fresh = tokens.pop()!;
    let server = await startServerProcess(tdb.file, tdb.dir);
    try {
      const pair = await csrfOver(server.origin, tokens[0]!);
      const acknowledged: string[] = [];
      let killed = false;
      const burst = tokens.map((token) =>
        submitOver(server.origin, token, pair)
          .then(async (res) => {
            await res.arrayBuffer();
            if (res.status === 303) acknowledged.push(token);
            if (acknowledged.length >= 40 && !killed) {
              killed = true;
              server.child.kill('SIGKILL');
            }
          })
          .catch(() => undefined),
      );
      await Promise.all(burst);
      await server.exited;
      expect(killed).toBe(true);
      expect(acknowledged.length).toBeGreaterThanOrEqual(40);
      expect(acknowledged.length).toBeLessThan(tokens.length);

      const client = tdb.db.$client;
      for (const token of acknowledged) {
        expect(
          count(
            client,
            'SELECT count(*) FROM invitations WHERE token = ? AND answered_on IS NOT NULL',
            token,
          ),
        ).toBe(1);
      }
      // Responses are anonymous: per unit, exactly as many as answered invitations (none without its mark).
      const perUnit = client
        .prepare(
          `SELECT i.unit_id AS unitId, count(*) AS answered,
             (SELECT count(*) FROM response_slots r WHERE r.unit_id = i.unit_id AND r.filled = 1) AS responses
           FROM invitations i WHERE i.answered_on IS NOT NULL GROUP BY i.unit_id`,
        )
        .all() as Array<{ answered: number; responses: number }>;
      for (const u of perUnit) expect(u.responses).toBe(u.answered);
      expect(count(client, 'SELECT count(*) FROM response_slots WHERE filled = 1')).toBe(
        count(client, 'SELECT count(*) FROM invitations WHERE answered_on IS NOT NULL'),
      );
      expect(client.pragma('integrity_check', { simple: true })).toBe('ok');

      // Restarted on the same file, the server serves normally: a fresh link answers, an answered one refuses.
      server = await startServerProcess(tdb.file, tdb.dir);
      expect(
        count(client, 'SELECT count(*) FROM invitations WHERE token = ? AND answered_on IS NULL', fresh),
      ).toBe(1);
      const again = await csrfOver(server.origin, fresh);
      expect((await submitOver(server.origin, fresh, again)).status).toBe(303);
      expect((await submitOver(server.origin, acknowledged[0]!, again)).status).toBe(409);
    } finally {
      server.child.kill('SIGKILL');
      await server.exited;
      tdb.cleanup();
    }
  }, 30_000);

  it('takes exactly one of two concurrent submits per link: 200 submits on 100 links over real HTTP', async () => {
    const tdb = createTestDb();
    const { people } = makeInvitedCampaign(tdb.db, { units: 2, perUnit: 50 });
    const tokens = people.map((p) => p.invitations[0]!.token);
    const mailer = createMailer({ mailDir: tdb.dir });
    const app = createApp({ db: tdb.db, config: testConfig(), mailer, surveyRateLimit: false });
    const server: Server = await new Promise((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const pair = await csrfOver(origin, tokens[0]!);
      const statuses = await Promise.all(
        [...tokens, ...tokens].map((token) =>
          submitOver(origin, token, pair).then(async (res) => {
            const text = await res.text();
            return { status: res.status, text };
          }),
        ),
      );
      expect(statuses.filter((s) => s.status === 303)).toHaveLength(100);
      const refused = statuses.filter((s) => s.status === 409);
      expect(refused).toHaveLength(100);
      expect(refused.every((s) => s.text.includes(t('survey.refused.answeredTitle')))).toBe(true);
      const client = tdb.db.$client;
      expect(count(client, 'SELECT count(*) FROM response_slots WHERE filled = 1')).toBe(100);
      expect(count(client, 'SELECT count(*) FROM invitations WHERE answered_on IS NOT NULL')).toBe(100);
      expect(count(client, 'SELECT count(*) FROM thank_you_slots WHERE filled = 1')).toBe(100);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      mailer.close();
      tdb.cleanup();
    }
  }, 30_000);

  it('answers 503 "hệ thống đang bận" while another connection holds a write lock, stores nothing, then accepts the same POST', async () => {
    const f = surveyFixture();
    // Production waits 5 s; a short wait keeps the test fast with the same behaviour.
    f.db.$client.pragma('busy_timeout = 300');
    const holder = new Database(f.file);
    try {
      const page = await request(f.app).get(`/s/${f.cbccToken}`);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1]!;
      const cookie = (page.headers['set-cookie'] as unknown as string[])
        .map((c) => c.split(';')[0])
        .join('; ');
      holder.exec('BEGIN IMMEDIATE');
      holder.prepare("UPDATE campaigns SET name = name || ' (đang sửa)'").run();

      const busy = await request(f.app)
        .post(`/s/${f.cbccToken}`)
        .set('Cookie', cookie)
        .type('form')
        .send(body(csrf));
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.text).toContain('Hệ thống đang bận');
      holder.exec('ROLLBACK');
      expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(0);
      expect(f.count(f.db, 'mail_outbox')).toBe(0);
      expect(
        count(
          f.db.$client,
          'SELECT count(*) FROM invitations WHERE token = ? AND answered_on IS NULL',
          f.cbccToken,
        ),
      ).toBe(1);

      const ok = await request(f.app)
        .post(`/s/${f.cbccToken}`)
        .set('Cookie', cookie)
        .type('form')
        .send(body(csrf));
      expect(ok.status).toBe(303);
      expect(f.count(f.db, 'response_slots WHERE filled = 1')).toBe(1);
    } finally {
      holder.close();
      f.close();
    }
  });
});
