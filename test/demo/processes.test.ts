// The demo's child-process runner: line streaming, heartbeat, cancellation of a process group.

import { readFileSync } from "node:fs";
import { ProcessRunner, DemoInterrupted, stripAnsi } from "../../src/demo/processes";

const sh = (script: string): [string, string[]] => ["/bin/sh", ["-c", script]];

/** Running (a zombie waiting to be reaped by an init that may never do it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Linux: the state letter follows the parenthesised command name.
    return !/\)\s+Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

describe("ProcessRunner", () => {
  it("streams complete lines of stdout and stderr (colours removed) and returns the exit code", async () => {
    const lines: string[] = [];
    const [cmd, args] = sh("printf 'a\\n\\033[31mred\\033[0m\\npartial'; echo err >&2; exit 3");
    const r = await new ProcessRunner().run(cmd, args, {
      cwd: process.cwd(),
      env: process.env,
      onLine: (l, s) => lines.push(`${s}:${l}`),
    });
    expect(r.code).toBe(3);
    expect(lines.sort()).toEqual(["stderr:err", "stdout:a", "stdout:partial", "stdout:red"]);
    expect(stripAnsi("\u001b[1;32mok\u001b[0m")).toBe("ok");
  });

  it("prints a heartbeat while the child is silent", async () => {
    const beats: number[] = [];
    const [cmd, args] = sh("sleep 1.3");
    await new ProcessRunner().run(cmd, args, {
      cwd: process.cwd(),
      env: process.env,
      heartbeatMs: 400,
      onHeartbeat: (s) => beats.push(s),
    });
    expect(beats.length).toBeGreaterThanOrEqual(1);
  });

  it("cancel() stops the child and its own children, and later runs are refused", async () => {
    const runner = new ProcessRunner();
    let grandchild = 0;
    const [cmd, args] = sh("sleep 60 & echo $!; wait");
    const running = runner.run(cmd, args, {
      cwd: process.cwd(),
      env: process.env,
      onLine: (l) => {
        grandchild = Number(l);
      },
    });
    for (let i = 0; i < 100 && grandchild === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(true);
    const cancelled = runner.whenCancelled();
    await runner.cancel(2000);
    await expect(running).rejects.toBeInstanceOf(DemoInterrupted);
    await cancelled;
    for (let i = 0; i < 50 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
    expect(alive(grandchild)).toBe(false);
    await expect(runner.run(cmd, args, { cwd: process.cwd(), env: process.env })).rejects.toBeInstanceOf(
      DemoInterrupted,
    );
  });
});
