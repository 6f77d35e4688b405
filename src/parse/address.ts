/** Shaped like a deliverable mailbox (RFC 5321 length limits, a dotted domain). */
export function isUsableAddress(address: string): boolean {
  // Unicode letters allowed (RFC 6531 SMTPUTF8 mailboxes, IDN domains).
  return (
    address.length <= 254 &&
    /^[^\s@"<>()[\],;:\\]{1,64}@(?=.{1,253}$)[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)+$/iu.test(address)
  );
}
