import { browserAt, citizenAnswers, openLinksFixture } from '../helpers/open-links';

let f: ReturnType<typeof openLinksFixture>;
beforeEach(() => (f = openLinksFixture()));
afterEach(() => f.cleanup());

/** A browser at `address` opens the first unit's link, fills the form for a minute and sends it. */
async function answer(address: string, variant: number) {
  const code = f.linkOf(f.units[0]!.id);
  const browser = browserAt(f.app, address);
  await browser.open(`/k/${code}`);
  f.advance(60);
  expect((await browser.send(code, citizenAnswers(variant))).status).toBe(303);
}

const kept = () => ({
  counters: f.count('open_check_counts'),
  nonces: f.count('open_used_nonces'),
  windows: f.db.$client
    .prepare('SELECT DISTINCT window_start FROM open_check_counts ORDER BY window_start')
    .pluck()
    .all() as number[],
});

describe('what the open links’ checks keep', () => {
  it('deletes counters older than the longest window and the one before, and expired nonces', async () => {
    await answer('203.0.113.10', 1);
    // One counter for the same answers, one for the address; the nonce the form was sent with.
    const first = kept();
    expect(first).toMatchObject({ counters: 2, nonces: 1 });

    // Within the hour and the one after, the next answer still finds them: nothing is deleted.
    f.advance(30 * 60);
    await answer('203.0.113.11', 2);
    expect(kept()).toMatchObject({ counters: 4, nonces: 2 });

    // Four hours on, the first two answers' counters and nonces are no check's business any more (a nonce is kept
    // until the hour after the one it expires in).
    f.advance(4 * 60 * 60);
    await answer('203.0.113.12', 3);
    const after = kept();
    expect(after).toMatchObject({ counters: 2, nonces: 1 });
    expect(after.windows.every((start) => start > Math.max(...first.windows))).toBe(true);
  });
});
