import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, DEFAULT_CONFIG_DIR } from '../../src/config/load.js';
import { officeAddressLines, tenantSchema } from '../../src/config/schema.js';

/** `office.address`: the visiting address a hearing at the office names, line by line. */
const TENANT = `id: t1
name: Tenant One
address: klachten@t1.nl
reference: TO
mailbox: { maildir: { path: maildir/t1 } }
transport: { file: { path: outbox/t1 } }
people:
  - { id: h1, name: Handler One, email: h1@example.nl, role: handler }
procedure:
  acknowledgement: { within: { workingDays: 2 } }
  outcome: { within: { workingDays: 10 } }
`;

const tenant = (extra: string) => tenantSchema.safeParse(parse(TENANT + extra));

describe('office.address', () => {
  it('a YAML block gives one line per address line; blank lines and indentation dropped', () => {
    const r = tenant('office:\n  address: |\n    Kanaalweg 1\n\n      2628 EB Delft  \n');
    expect(r.success).toBe(true);
    expect(officeAddressLines(r.data!)).toEqual(['Kanaalweg 1', '2628 EB Delft']);
  });

  it('default none: the invitation then asks to agree on the place', () => {
    const r = tenant('');
    expect(r.data?.office).toEqual({});
    expect(officeAddressLines(r.data!)).toBeNull();
  });

  it('an empty address is an error naming the key, not a letter with an empty address', () => {
    const r = tenant('office: { address: "   " }\n');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['office', 'address'], message: 'the office address is empty; leave the key out when there is none' });
    expect(tenant('office: { adres: "Kanaalweg 1" }\n').success).toBe(false);
  });

  it('PreAct ships a (fictional) visiting address for its hearings', () => {
    const preact = loadConfig(DEFAULT_CONFIG_DIR, {}).tenants.find((t) => t.id === 'preact')!;
    expect(officeAddressLines(preact)).toEqual(['PreAct Software B.V.', 'Voorbeeldstraat 12', '1234 AB Amsterdam']);
  });
});
