// The "line" of a SIP registration: which user Voximplant registers as, at which registrar. Two
// registrations of one line are two monthly fees for a single phone line (and they fight over the
// registrar's binding), so every duplicate check compares lines, never raw strings.
//
// Normalisation (docs/resources/sip_registration.md, "One registration per line"):
//   - sip_username is compared exactly: the user part of a SIP URI is case-sensitive;
//   - the proxy's host is compared without case (DNS names are case-insensitive);
//   - a proxy without a port means the SIP default 5060, so "sip.example.com" and
//     "sip.example.com:5060" are the same registrar.
// Anything else (a trailing dot, an IP address for the host name) is not guessed at: those could
// really be different registrars.

export interface RegistrationLine {
  readonly sip_username: string;
  readonly proxy: string;
}

/** The port a proxy without one uses (RFC 3261 default for sip: over UDP and TCP). */
const DEFAULT_SIP_PORT = 5060;

/** `host:port` in canonical form: lower-case host, explicit port. Brackets of IPv6 are kept. */
export function canonicalProxy(proxy: string): string {
  const value = proxy.trim();
  let host = value;
  let port = String(DEFAULT_SIP_PORT);
  const bracketEnd = value.startsWith("[") ? value.indexOf("]") : -1;
  const colon = value.lastIndexOf(":");
  if (
    colon > bracketEnd &&
    /^\d{1,5}$/.test(value.slice(colon + 1)) &&
    (bracketEnd >= 0 || value.indexOf(":") === colon)
  ) {
    host = value.slice(0, colon);
    port = String(Number(value.slice(colon + 1)));
  }
  return `${host.toLowerCase()}:${port}`;
}

/** A string equal for two registrations exactly when they are the same line. */
export function lineKey(line: RegistrationLine): string {
  return `${line.sip_username}\u0000${canonicalProxy(line.proxy)}`;
}

export function sameLine(a: RegistrationLine, b: RegistrationLine): boolean {
  return lineKey(a) === lineKey(b);
}

/** `sip_username "1001" at proxy "sip.example.com"` for messages. */
export function describeLine(line: RegistrationLine): string {
  return `sip_username ${JSON.stringify(line.sip_username)} at proxy ${JSON.stringify(line.proxy)}`;
}

/** Says how `other` is spelt when it differs from `line` only by normalisation, else "". */
export function spellingNote(line: RegistrationLine, other: RegistrationLine): string {
  if (other.proxy === line.proxy) return "";
  return (
    ` (written ${JSON.stringify(other.proxy)} there: host names are compared without case, and a missing port ` +
    `means ${DEFAULT_SIP_PORT})`
  );
}
