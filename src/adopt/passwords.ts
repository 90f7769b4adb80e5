// The advice `adopt` gives about passwords, which Voximplant never returns: the adopted
// configuration has none and plans clean; a password managed from Terraform is added as a
// write-only argument with a version.

const WHAT_KEEPS_IT: Record<"user" | "SIP registration", string> = {
  user: "the users keep the passwords they have",
  "SIP registration": "the registrars keep the passwords they have",
};

/** The note for one family, naming its first object in the example; undefined when it has none. */
export function passwordNote(kind: "user" | "SIP registration", names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const example = names[0];
  const resourceType = kind === "user" ? "voximplant_user" : "voximplant_sip_registration";
  return [
    `Passwords (${resourceType}): Voximplant never returns a ${kind}'s password, so the configuration has`,
    `none and plans without changes as it is; ${WHAT_KEEPS_IT[kind]}. To manage a password`,
    `from Terraform (e.g. to rotate it), add to that ${kind}'s resource block, e.g. ${example}:`,
    "",
    `    password_wo         = var.${example}_password`,
    "    password_wo_version = 1",
    "",
    "password_wo is write-only (Terraform 1.11+): it is never stored in the plan or the state;",
    "change password_wo_version to send the password again. Define",
    `variable "${example}_password" { sensitive = true } and set TF_VAR_${example}_password; the next`,
    `apply sends the password (an in-place update).` +
      (kind === "user" ? "" : " Do not use `password`: it is stored in the state."),
  ].join("\n");
}
