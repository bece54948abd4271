import { addressNetwork } from '../../src/open-links/checks';

describe('the network an open-link check counts an address under', () => {
  it('is an IPv4 address itself, written plainly or mapped into IPv6', () => {
    expect(addressNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(addressNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it("is an IPv6 address's /64, however the address is written", () => {
    expect(addressNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressNetwork('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(addressNetwork('2001:DB8:1:2::ffff')).toBe('2001:db8:1:2::/64');
    expect(addressNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressNetwork('2001:db8:1:3::1')).not.toBe(addressNetwork('2001:db8:1:2::1'));
  });
});
