// The advice `adopt` gives about passwords, which Voximplant never returns: the adopted
// configuration has none and plans clean; a password managed from Terraform is added as a
// write-only argument with a version.

const WIDTH = 96;

type PasswordKind = "user" | "SIP registration";

const KEEPER: Record<PasswordKind, string> = { user: "the users", "SIP registration": "the registrars" };

/** Words joined into lines of at most WIDTH characters. */
function wrap(paragraph: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of paragraph.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** The note for one family, naming its first object in the example; undefined when it has none. */
export function passwordNote(kind: PasswordKind, names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const example = names[0];
  const resourceType = kind === "user" ? "voximplant_user" : "voximplant_sip_registration";
  const intro =
    `Passwords (${resourceType}): Voximplant never returns a ${kind}'s password, so the configuration has none ` +
    `and plans without changes as it is; ${KEEPER[kind]} keep the passwords they have. To manage a password ` +
    `from Terraform (e.g. to rotate it), add to that ${kind}'s resource block, e.g. ${example}:`;
  const after =
    "password_wo is write-only (Terraform 1.11+): it is never stored in the plan or the state; change " +
    `password_wo_version to send the password again. Define variable "${example}_password" { sensitive = true } ` +
    `and set TF_VAR_${example}_password; the next apply sends the password (an in-place update).` +
    (kind === "user" ? "" : " Do not use `password`: it is stored in the state.");
  return [
    ...wrap(intro),
    "",
    `    password_wo         = var.${example}_password`,
    "    password_wo_version = 1",
    "",
    ...wrap(after),
  ].join("\n");
}
