// Certificate authorities the API connection trusts beyond Node.js's default ones: what
// NODE_EXTRA_CA_CERTS does for a whole process, done for this client alone and only when it first
// connects (a process that never calls the API never reads the file or builds a trust store).
import { readFileSync } from "node:fs";
import { createSecureContext, type SecureContext } from "node:tls";

/** The native half of a SecureContext; Node.js adds a CA to it the way it adds NODE_EXTRA_CA_CERTS. */
interface NativeSecureContext {
  addCACert(pem: string): void;
}

/**
 * A TLS context trusting Node.js's default authorities (its bundled list, or the system's under
 * --use-openssl-ca) plus every certificate in the PEM file `path`. Like Node.js with an unusable
 * NODE_EXTRA_CA_CERTS, an unreadable file or one without a certificate is reported through `warn`
 * and ignored (undefined: the default trust applies).
 */
export function secureContextTrusting(path: string, warn: (message: string) => void): SecureContext | undefined {
  let pem: string;
  try {
    pem = readFileSync(path, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
    warn(`extra CA certificates file ${JSON.stringify(path)} not used: cannot read it (${reason})`);
    return undefined;
  }
  if (!pem.includes("-----BEGIN CERTIFICATE-----")) {
    warn(`extra CA certificates file ${JSON.stringify(path)} not used: it holds no PEM certificate`);
    return undefined;
  }
  const context = createSecureContext();
  try {
    (context.context as NativeSecureContext).addCACert(pem);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    warn(`extra CA certificates file ${JSON.stringify(path)} not used: ${reason}`);
    return undefined;
  }
  return context;
}
