/**
 * Starting a learner's command as their shell would, and stopping it whole,
 * on Linux, macOS and Windows alike.
 *
 * POSIX: the command runs in a process group of its own, so that Ctrl-C
 * (SIGINT) reaches all of it (npx, and the node it starts), then SIGKILL.
 * Windows: an .exe on PATH starts without a shell, so the child is the
 * program itself; a .cmd or .bat (npx, npm) needs cmd.exe. Windows cannot
 * send Ctrl-C to another console's program, so a tree is ended with
 * `taskkill /T /F`, or, where taskkill has no /T (Wine), each of its
 * processes found with wmic, the leaves first.
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, extname, isAbsolute, join } from "node:path";
import crossSpawn from "cross-spawn";

export const windows = process.platform === "win32";

/** Where Windows finds `file`: on PATH, with PATHEXT's endings (.COM, .EXE, .BAT, .CMD, …); undefined when nowhere. */
export function findOnPath(file: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const endings = extname(file) ? [""] : (env.PATHEXT ?? ".COM;.EXE;.BAT;.CMD").toLowerCase().split(";").filter(Boolean); // Windows' names ignore case
  const folders = isAbsolute(file) || /[\\/]/.test(file) ? [""] : [process.cwd(), ...(env.PATH ?? env.Path ?? "").split(delimiter)];
  for (const folder of folders) {
    for (const ending of endings) {
      const path = folder ? join(folder, file + ending) : file + ending;
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/**
 * Starts argv with its output and input as pipes. POSIX: in a process group of its own. Windows: through
 * cross-spawn, which finds the command on PATH with PATHEXT, starts an .exe without a shell, and gives
 * cmd.exe a .cmd or .bat (npx, npm) with each argument quoted and escaped as cmd.exe reads it.
 */
export function startCommand(argv: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const [file = "", ...args] = argv;
  if (!windows) return spawn(file, args, { env, detached: true });
  return crossSpawn(file, args, { env, windowsHide: true });
}

/** Resolves true once the child has ended, false after `ms`. */
function ended(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** The pids of a process and all it started, the leaves first (wmic, for a Windows whose taskkill has no /T). */
function windowsTree(pid: number): number[] {
  const raw = execFileSync("wmic", ["process", "get", "ParentProcessId,ProcessId"], {
    stdio: ["ignore", "pipe", "ignore"],
    windowsHide: true,
  });
  const text = raw[0] === 0xff && raw[1] === 0xfe ? raw.subarray(2).toString("utf16le") : raw.toString("utf8");
  const children = new Map<number, number[]>();
  for (const [, parent, child] of text.matchAll(/^\s*(\d+)\s+(\d+)\s*$/gm)) {
    children.set(Number(parent), [...(children.get(Number(parent)) ?? []), Number(child)]);
  }
  const order: number[] = [];
  const seen = new Set<number>(); // Windows reuses pids: a parent link may point back into the tree
  const visit = (id: number) => {
    seen.add(id);
    for (const child of children.get(id) ?? []) if (!seen.has(child)) visit(child);
    order.push(id);
  };
  visit(pid);
  return order;
}

/**
 * Stops the child and all it started (its process group, with `group`): Ctrl-C (SIGINT) and up to `graceMs`
 * to end, then SIGKILL, on POSIX;
 * at once and by force on Windows. Its pipes are closed too, so
 * that nothing it left behind can keep this process waiting.
 */
export async function stopTree(
  child: ChildProcess,
  { group = false, graceMs = 3_000 }: { group?: boolean; graceMs?: number } = {},
): Promise<void> {
  const pid = child.pid;
  const signal = (name: NodeJS.Signals) => {
    try {
      if (group && pid !== undefined)
        process.kill(-pid, name); // the process group startCommand made
      else child.kill(name);
    } catch {
      // it has ended already
    }
  };
  if (windows) {
    if (pid !== undefined && child.exitCode === null) {
      const taskkill = spawnSync("taskkill", ["/pid", String(pid), "/T", "/F"], { stdio: "ignore", windowsHide: true });
      if (taskkill.status !== 0) {
        try {
          for (const id of windowsTree(pid)) spawnSync("taskkill", ["/pid", String(id), "/F"], { stdio: "ignore", windowsHide: true });
        } catch {
          child.kill(); // no wmic either: the child itself, at least
        }
      }
    }
  } else {
    signal("SIGINT");
    if (!(await ended(child, graceMs))) signal("SIGKILL");
    signal("SIGKILL"); // anything it started and left behind
  }
  await ended(child, 5_000);
  for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
}
