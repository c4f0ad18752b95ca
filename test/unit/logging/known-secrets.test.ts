import { maskKnownSecrets, redactText, rememberSecrets } from '../../../src/logging';

describe('known secrets', () => {
  it('masks every remembered credential value wherever it appears in text, longest first', () => {
    rememberSecrets({ value: 'hunter2-very-secret', nested: { list: ['hunter2-very-secret-longer'] }, short: 'abc', port: 465 });
    expect(maskKnownSecrets('a hunter2-very-secret-longer b hunter2-very-secret c abc', '***')).toBe('a *** b *** c abc');
    expect(redactText('request failed: header X-Key: hunter2-very-secret')).toBe('request failed: header X-Key: [REDACTED]');
  });

  it('treats remembered values as text, not as patterns', () => {
    rememberSecrets(['a.b*c+d(e)']);
    expect(maskKnownSecrets('x a.b*c+d(e) y aXbbbcd(e)', '#')).toBe('x # y aXbbbcd(e)');
  });
});
