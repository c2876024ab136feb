// Addresses are compared the way mail systems and databases compare them: spaces around dropped
// (as SQL's TRIM drops them) and ASCII letters lower-cased, nothing else. Full Unicode
// lower-casing makes distinct addresses equal: U+212A KELVIN SIGN lower-cases to "k", so a bounce
// for "\u212Aim@example.com" would flag the row of kim@example.com. A domain is compared as the
// mail carries it (an A-label "xn--..." is not turned into its U-label, nor the other way).
// Every place that compares, stores or looks up an address goes through normalAddress().

/** The address as matching, the ledger and the write-back compare it. */
export function normalAddress(address: string): string {
  let start = 0;
  let end = address.length;
  while (start < end && address.charCodeAt(start) === 32) start++;
  while (end > start && address.charCodeAt(end - 1) === 32) end--;
  return asciiLower(address.slice(start, end));
}

/** A-Z to a-z; every other character as it is. */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}
