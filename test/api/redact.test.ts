import { REDACTED, redactParams, redactText } from "../../src/api";
import { testKey } from "./helpers";

describe("redaction", () => {
  const jwt = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsifQ.eyJpc3MiOjQyNDJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";

  it("scrubs JWTs, Bearer credentials and PEM private keys from text", () => {
    const pem = testKey().privatePem;
    const text = `token ${jwt} header Authorization: Bearer abc.def-123 key ${pem} end`;
    const out = redactText(text);
    expect(out).not.toContain("eyJ");
    expect(out).not.toContain("abc.def-123");
    expect(out).not.toContain("MII");
    expect(out).toContain("[REDACTED JWT]");
    expect(out).toContain("[REDACTED PRIVATE KEY]");
    expect(out).toMatch(/end$/);
  });

  it("scrubs an unterminated PEM block to the end", () => {
    const pem = testKey().privatePem;
    const out = redactText(`oops ${pem.slice(0, 120)}`);
    expect(out).toBe("oops [REDACTED PRIVATE KEY]");
  });

  it("scrubs known secret values, longest first", () => {
    expect(redactText("bad password 'hunter2hunter2' (hunter2)", ["hunter2", "hunter2hunter2"])).toBe(
      `bad password '${REDACTED}' (${REDACTED})`,
    );
  });

  it("replaces secret-named params and scrubs the others", () => {
    const out = redactParams({
      sip_username: "alice",
      password: "s3cret",
      user_password: "Aa1!aaaa",
      private_key: "x",
      proxy: ["a", jwt],
      nested: { api_key: "k", ok: 1 },
      skipped: undefined,
    });
    expect(out).toEqual({
      sip_username: "alice",
      password: REDACTED,
      user_password: REDACTED,
      private_key: REDACTED,
      proxy: ["a", "[REDACTED JWT]"],
      nested: { api_key: REDACTED, ok: 1 },
    });
  });
});
