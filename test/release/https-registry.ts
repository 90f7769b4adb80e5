// A static HTTPS host for the release tests: serves a directory the way any web server or object
// store would (Content-Type from the file extension only), with a certificate issued by a
// throwaway CA made here with openssl, and records every path requested.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { extname, join, normalize, sep } from "node:path";

export interface ThrowawayCa {
  dir: string;
  /** PEM of the CA certificate: what SSL_CERT_FILE points Terraform at. */
  caFile: string;
  certPem: string;
  keyPem: string;
}

/** A CA and a server certificate for localhost and 127.0.0.1 signed by it (valid one day). */
export function makeThrowawayCa(): ThrowawayCa {
  const dir = mkdtempSync(join(tmpdir(), "vox-release-ca-"));
  const run = (args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"];
  run([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-days",
    "1",
    "-subj",
    "/CN=Throwaway release-test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  run(["req", ...ec, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=localhost"]);
  writeFileSync(join(dir, "server.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  run([
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-out",
    "server.pem",
    "-days",
    "1",
    "-extfile",
    "server.ext",
  ]);
  return {
    dir,
    caFile: join(dir, "ca.pem"),
    certPem: readFileSync(join(dir, "server.pem"), "utf8"),
    keyPem: readFileSync(join(dir, "server.key"), "utf8"),
  };
}

export interface StaticHost {
  port: number;
  /** The directory served; may be switched between tests. */
  root: string;
  /** Paths requested since the last clearLog(). */
  requests: string[];
  clearLog(): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { ".json": "application/json", ".zip": "application/zip" };

export async function startStaticHost(ca: ThrowawayCa, root: string): Promise<StaticHost> {
  const host: StaticHost = {
    port: 0,
    root,
    requests: [],
    clearLog() {
      host.requests.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer({ cert: ca.certPem, key: ca.keyPem }, (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "https://localhost").pathname);
    host.requests.push(path);
    const file = normalize(join(host.root, path));
    const inside = file.startsWith(realpathSync(host.root) + sep) || file.startsWith(host.root + sep);
    if (req.method !== "GET" || !inside || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  host.port = (server.address() as AddressInfo).port;
  return host;
}
