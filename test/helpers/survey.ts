import request from 'supertest';
import type { Express } from 'express';
import { DEFAULT_FORMS } from '../../src/forms/default-forms';
import { allQuestions, type FormDefinition } from '../../src/forms/definition';

/** A CSRF field and cookie pair, taken from a form page as a browser would. */
export async function csrfFor(app: Express, token: string): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app).get(`/s/${token}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1];
  const cookie = (res.headers['set-cookie'] as unknown as string[] | undefined)
    ?.map((c) => c.split(';')[0])
    .join('; ');
  if (!csrf || !cookie) throw new Error(`no CSRF pair on the form page (status ${res.status})`);
  return { cookie, csrf };
}

/** A complete, valid answer sheet for a definition: the first option everywhere, text in text questions. */
export function validAnswers(def: FormDefinition): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const q of allQuestions(def)) {
    if (q.kind === 'single') body[`q_${q.id}`] = '0';
    else if (q.kind === 'multiple') body[`q_${q.id}`] = ['0', '1'];
    else body[`q_${q.id}`] = `Ý kiến cho ${q.id}`;
  }
  return body;
}

/** Posts a form body (with repeated fields for arrays) the way a browser encodes it. */
export function encodeForm(body: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(body)) {
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, v);
  }
  return params.toString();
}

/** A CSRF pair from a form page over real HTTP (anonymous pairs are not bound to a link, so one serves all). */
export async function csrfOver(origin: string, token: string) {
  const res = await fetch(`${origin}/s/${token}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1];
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  if (!csrf || !cookie) throw new Error(`no CSRF pair (status ${res.status})`);
  return { csrf, cookie };
}

/** Posts a valid cbcc answer sheet over real HTTP, not following the redirect. */
export function submitOver(origin: string, token: string, pair: { csrf: string; cookie: string }) {
  return fetch(`${origin}/s/${token}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: pair.cookie },
    body: encodeForm({ ...validAnswers(DEFAULT_FORMS.cbcc), _csrf: pair.csrf }),
  });
}
