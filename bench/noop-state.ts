// Workspaces holding many resources of the do-nothing provider (bench/noop-provider.ts), for the
// refresh floor. Terraform's apply rewrites the whole local state file after every resource, so
// applying thousands of them costs time that grows with the square of the count (5,000 took
// minutes). Instead one instance is applied and its state entry is copied for the others, each
// with its own index, id and input, exactly as their creates would have left them; the refresh
// then reads every one back through the provider as usual.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { noopConfig, wideNoopConfig } from "./configs";
import { Workspace, type Installation } from "./terraform";
import { tempDir } from "./util";

export type NoopKind = "thing" | "wide";

interface StateInstance {
  index_key: number;
  attributes: Record<string, unknown>;
}

interface StateFile {
  serial: number;
  resources: { type: string; instances: StateInstance[] }[];
}

/** The attribute that carries `bench-INDEX` in each kind's configuration. */
const INPUT_OF: Record<NoopKind, string> = { thing: "input", wide: "sip_username" };

export async function noopWorkspace(options: {
  inst: Installation;
  home: string;
  kind: NoopKind;
  count: number;
  parallelismArgs: readonly string[];
}): Promise<Workspace> {
  const { kind, count } = options;
  const config = kind === "thing" ? noopConfig : wideNoopConfig;
  const ws = new Workspace(tempDir(`floor-${kind}-${count}`), options.inst, options.home);
  ws.writeConfig(config(1));
  await ws.init();
  await ws.terraform(["apply", "-auto-approve", "-input=false", ...options.parallelismArgs]);

  const statePath = join(ws.dir, "terraform.tfstate");
  const state = JSON.parse(readFileSync(statePath, "utf8")) as StateFile;
  const resource = state.resources.find((r) => r.type === `benchnoop_${kind}`);
  const first = resource?.instances[0];
  if (resource === undefined || first === undefined || resource.instances.length !== 1)
    throw new Error(`the seed apply should have left one benchnoop_${kind} instance`);
  const id = String(first.attributes.id);
  resource.instances = Array.from({ length: count }, (_, i) => ({
    ...first,
    index_key: i,
    attributes: { ...first.attributes, id: `${id}-${i}`, [INPUT_OF[kind]]: `bench-${i}` },
  }));
  state.serial += 1;
  writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  ws.writeConfig(config(count));
  return ws;
}
