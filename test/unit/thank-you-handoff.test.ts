import type { InvitationContext } from '../../src/invitations/resolve-token';
import { thankYouHandoff } from '../../src/web/thank-you-handoff';

const answered = (fullName: string) => ({
  state: 'answered' as const,
  answeredOn: '2019-12-01',
  invitation: { fullName } as InvitationContext,
});

describe('the hand-over from an accepted submit to its thank-you page', () => {
  it('is taken once: the next visit reads the link', () => {
    const handoff = thankYouHandoff();
    handoff.give('tokenA', answered('Nguyễn Văn A'), 0);
    expect(handoff.take('tokenA', 10)?.invitation.fullName).toBe('Nguyễn Văn A');
    expect(handoff.take('tokenA', 20)).toBeUndefined();
    expect(handoff.take('never-given', 20)).toBeUndefined();
  });

  it('is not used once older than its age limit', () => {
    const handoff = thankYouHandoff({ maxEntries: 10, maxAgeMs: 1_000 });
    handoff.give('late', answered('A'), 0);
    handoff.give('in-time', answered('B'), 500);
    expect(handoff.take('late', 1_001)).toBeUndefined();
    expect(handoff.take('in-time', 1_500)?.invitation.fullName).toBe('B');
  });

  it('keeps at most its limit of links, dropping the oldest first', () => {
    const handoff = thankYouHandoff({ maxEntries: 3, maxAgeMs: 60_000 });
    for (const [i, token] of ['t1', 't2', 't3', 't4', 't5'].entries())
      handoff.give(token, answered(token), i);
    expect(handoff.take('t1', 10)).toBeUndefined();
    expect(handoff.take('t2', 10)).toBeUndefined();
    expect(['t3', 't4', 't5'].map((token) => handoff.take(token, 10)?.invitation.fullName)).toEqual([
      't3',
      't4',
      't5',
    ]);
  });

  it('drops what has expired when a new link is handed over, so names are not kept past the limit', () => {
    const handoff = thankYouHandoff({ maxEntries: 100, maxAgeMs: 1_000 });
    handoff.give('old', answered('Old'), 0);
    handoff.give('new', answered('New'), 5_000);
    // Taken with a clock turned back: only an entry still held could be returned.
    expect(handoff.take('old', 0)).toBeUndefined();
  });
});
