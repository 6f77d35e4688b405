import { describe, expect, it } from 'vitest';
import { isUsableAddress } from '../../src/parse/address.js';

describe('isUsableAddress', () => {
  it.each(['jan@klant.example', 'a.b+c@sub.example.nl', 'user@xn--bcher-kva.example', 'jürgen@müller.de', "o'brien@example.ie"])('accepts %s', (a) => {
    expect(isUsableAddress(a)).toBe(true);
  });
  it.each(['x@localhost', '"a"a@b.c', 'foo', 'a@b..c', '@example.nl', `${'a'.repeat(65)}@example.nl`, `a@${'b'.repeat(250)}.nl`, 'a b@example.nl', 'a@-x.nl'])(
    'rejects %s',
    (a) => {
      expect(isUsableAddress(a)).toBe(false);
    },
  );
});
