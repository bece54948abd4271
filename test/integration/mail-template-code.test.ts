import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { t as msg } from '../../src/i18n/messages';
import { sendInvitations } from '../../src/invitations/send-invitations';
import { sendReminders } from '../../src/invitations/send-reminders';
import { cliOn } from '../helpers/cli';
import { csrfFor, encodeForm, validAnswers } from '../helpers/survey';
import { surveyFixture } from '../helpers/survey-fixture';
import { csrfFrom, makeUser, signIn } from '../helpers/web';
import { orThrow } from '../../src/errors';
import { SYSTEM_ACTOR } from '../../src/audit/actor';

/**
 * A mail template is data (docs/DOMAIN.md § Mail templates): whatever an admin types, and whatever an older
 * version stored, is never run. Each payload, if run, writes a marker file and prints the server's user id.
 */
describe('mail template text is never run as code', () => {
  const f = surveyFixture();
  const marker = path.join(f.dir, 'template-ran');
  const payload = [
    '<%= process.getBuiltinModule("child_process").execSync("id") %>',
    `<%- process.getBuiltinModule("fs").writeFileSync(${JSON.stringify(marker)}, "ran") %>`,
    '<% process.getBuiltinModule("fs").appendFileSync(' + JSON.stringify(marker) + ', "ran") %>',
  ].join('\n');
  const page = `/admin/campaigns/${f.campaign.id}/mau-thu`;
  let admin: Awaited<ReturnType<typeof signIn>>;
  /** Every page and mail checked: none may show the output of `id`. */
  const outputs: string[] = [];

  beforeAll(async () => {
    await makeUser(f.db, 'snv.admin', 'admin');
    admin = await signIn(f.app, 'snv.admin');
  });
  afterAll(() => f.close());
  afterEach(() => {
    const ran = fs.existsSync(marker);
    fs.rmSync(marker, { force: true });
    expect(ran).toBe(false);
    for (const text of outputs.splice(0)) expect(text).not.toMatch(/uid=\d+/);
  });

  // The editor's fields, in every form the page has had: one body, or separate HTML and text parts.
  const typed = (token: string, extra: Record<string, string> = {}) => ({
    _csrf: token,
    body: `{loi_chao}\n${payload}\n{duong_dan}`,
    html: payload,
    text: payload,
    ...extra,
  });

  it('in the admin’s preview', async () => {
    const token = await csrfFrom(admin, page);
    for (const kind of ['invitation', 'reminder', 'thank_you']) {
      const res = await admin
        .post(`${page}/${kind}`)
        .type('form')
        .send(typed(token, { preview: '1' }));
      expect(res.status).toBe(200);
      expect(res.text).toContain('mẫu thư không còn viết bằng EJS');
      outputs.push(res.text);
    }
  });

  it('when saved, and in the mails sent afterwards', async () => {
    const token = await csrfFrom(admin, page);
    for (const kind of ['invitation', 'reminder', 'thank_you']) {
      const res = await admin.post(`${page}/${kind}`).type('form').send(typed(token));
      expect(res.status).toBe(422);
      outputs.push(res.text);
    }
    expect(f.db.$client.prepare('SELECT mail_templates FROM campaigns').get()).toEqual({
      mail_templates: null,
    });
    outputs.push((await admin.get(page)).text);
    orThrow(
      sendInvitations(
        f.db,
        { campaignId: f.campaign.id, publicUrl: f.config.PUBLIC_URL },
        SYSTEM_ACTOR,
        f.clock.now,
      ),
    );
    outputs.push(...storedMails());
  });

  it('when an older version stored it as an EJS override, in the editor, the CLI, every kind of mail', async () => {
    const legacy = { html: payload, text: payload };
    f.db.$client
      .prepare('UPDATE campaigns SET mail_templates = ? WHERE id = ?')
      .run(JSON.stringify({ invitation: legacy, reminder: legacy, thank_you: legacy }), f.campaign.id);
    f.db.$client.prepare(`UPDATE invitations SET delivery_status = 'not_sent'`).run();
    // The CLI runs on today's clock: no deadline, so its send reaches the 2019 fixture's invitations.
    f.db.$client.prepare('UPDATE campaign_units SET deadline_at = NULL').run();
    f.db.$client.prepare('UPDATE campaigns SET closes_at = NULL').run();

    for (const kind of ['invitation', 'reminder', 'thank_you']) {
      const editor = await admin.get(`${page}?kind=${kind}`);
      expect(editor.text).toContain(msg('admin.templates.legacyNeedsEdit'));
      outputs.push(editor.text);
    }
    const cli = await cliOn(f.file, { MAIL_DIR: f.dir, PUBLIC_URL: f.config.PUBLIC_URL })(
      'send',
      '--campaign',
      String(f.campaign.id),
      '--wait',
    );
    outputs.push(cli.stdout, cli.stderr);
    f.db.$client.prepare(`UPDATE invitations SET delivery_status = 'sent'`).run();
    orThrow(
      sendReminders(
        f.db,
        { campaignId: f.campaign.id, publicUrl: f.config.PUBLIC_URL },
        SYSTEM_ACTOR,
        f.clock.now,
      ),
    );

    const pair = await csrfFor(f.app, f.cbccToken);
    const submit = await request(f.app)
      .post(`/s/${f.cbccToken}`)
      .set('Cookie', pair.cookie)
      .type('form')
      .send(encodeForm({ _csrf: pair.csrf, ...validAnswers(DEFAULT_FORMS.cbcc) }));
    expect(submit.status).toBe(303);

    // Invitation, reminder and thank-you all went out, written from the built-in templates instead.
    const mails = storedMails();
    expect(mails.length).toBeGreaterThanOrEqual(6);
    expect(mails.filter((m) => m.startsWith('Kính gửi Ông/Bà Trần Thị B,')).length).toBeGreaterThanOrEqual(3);
    outputs.push(...mails, ...fs.readdirSync(f.dir).map((name) => readIfFile(path.join(f.dir, name))));
  });

  function storedMails(): string[] {
    const rows = f.db.$client.prepare('SELECT html, text_body AS text FROM mail_outbox').all() as {
      html: string;
      text: string;
    }[];
    return rows.flatMap((r) => [r.html, r.text]);
  }
});

function readIfFile(file: string): string {
  return fs.statSync(file).isFile() ? fs.readFileSync(file, 'latin1') : '';
}
