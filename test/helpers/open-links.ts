import request from 'supertest';
import { SYSTEM_ACTOR } from '../../src/audit/actor';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { orThrow } from '../../src/errors';
import { issueOpenLinks } from '../../src/open-links/issue-open-links';
import { listOpenLinks } from '../../src/open-links/open-links';
import { createTestDb } from './db';
import { makeCampaign, makeUnit } from './factories';
import { encodeForm, validAnswers } from './survey';
import { testApp } from './web';

/**
 * An open campaign with two units (quota 10 citizens' forms each), its open links issued, and an app whose clock
 * the test moves: a form "filled" in a minute is a clock moved by a minute.
 */
export function openLinksFixture() {
  const t = createTestDb();
  let now = Date.UTC(2024, 10, 20, 2, 0, 0);
  const campaign = makeCampaign(t.db, { now });
  const units = ['SNV', 'STP'].map((code) =>
    makeUnit(t.db, campaign.id, { code, name: `Sở ${code}`, quotas: { nguoi_dan: 10, to_chuc: 5 } }),
  );
  orThrow(issueOpenLinks(t.db, { campaignId: campaign.id }, SYSTEM_ACTOR, now));
  const links = listOpenLinks(t.db, campaign.id);
  const linkOf = (unitId: number | null, formType = 'nguoi_dan') =>
    links.find((l) => l.unitId === unitId && l.formType === formType)!.code;
  const app = testApp(t.db, t.dir, { clock: () => now });
  return {
    ...t,
    app,
    campaign,
    units,
    linkOf,
    advance: (seconds: number) => (now += seconds * 1000),
    now: () => now,
    count: (sql: string) => t.db.$client.prepare(`SELECT count(*) FROM ${sql}`).pluck().get() as number,
  };
}

/** A complete citizens' answer sheet; `variant` changes one answer so sheets differ. */
export function citizenAnswers(variant = 0): Record<string, string | string[]> {
  const body = validAnswers(DEFAULT_FORMS.nguoi_dan);
  body.q_thu_tuc = String(variant % 5);
  body.q_de_xuat = `Góp ý số ${variant}`;
  return body;
}

/**
 * One phone's browser: its own cookies (CSRF, the answered receipt) and network address. `open` loads a link's
 * form; `send` posts it after `seconds` of filling.
 */
export function browserAt(app: Parameters<typeof request.agent>[0], address: string) {
  const agent = request.agent(app);
  let form = { csrf: '', nonce: '', unit: '' };
  return {
    async open(path: string) {
      const res = await agent.get(path).set('X-Forwarded-For', address);
      form = {
        csrf: /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? '',
        nonce: /name="nonce" value="([^"]+)"/.exec(res.text)?.[1] ?? '',
        unit: /name="don_vi" value="([^"]+)"/.exec(res.text)?.[1] ?? '',
      };
      return res;
    },
    form: () => form,
    send(code: string, answers: Record<string, string | string[]>, extra: Record<string, string> = {}) {
      const body: Record<string, string | string[]> = {
        ...answers,
        _csrf: form.csrf,
        nonce: form.nonce,
        website: '',
        ...extra,
      };
      if (form.unit) body.don_vi = form.unit;
      return agent.post(`/k/${code}`).set('X-Forwarded-For', address).type('form').send(encodeForm(body));
    },
  };
}
