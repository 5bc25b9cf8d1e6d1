/**
 * --watch: checks, then waits; when a file in the program's folder is saved, checks again from the start.
 * Each check runs as a checker process of its own, so that a save in the middle of one stops it (and the
 * learner's program with it) cleanly, and the next starts afresh. Several events from one save (editors
 * write, rename and touch) make one check; a file replaced by a rename counts like one written in place.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { watch } from "node:fs";
import { dirname } from "node:path";
import { programFile } from "./language.ts";
import { stopTree } from "./processes.ts";

/** Events this close together are one save. */
const SETTLE_MS = 200;
/** What a save does not touch: Python's caches, editors' swap and backup files, the checker's own record. */
const NOT_A_SAVE = /(^|[\\/])(__pycache__|\.check|\.git|node_modules)([\\/]|$)|\.(pyc|swp|swx|tmp)$|~$|^\.#/;

/** The folder of the program's file, to watch. */
export function programFolder(command: string[]): string | undefined {
  const file = programFile(command);
  return file === undefined ? undefined : dirname(file);
}

/** Runs the checker with `args` (the command line without --watch) now and after every save in `folder`, until Ctrl-C. */
export function watchAndCheck(folder: string, args: string[]): void {
  let child: ChildProcess | undefined;
  let settle: NodeJS.Timeout | undefined;
  let stopping = false;

  let generation = 0;
  const start = async () => {
    const mine = ++generation;
    const interrupted = child;
    child = undefined; // so that its end is not taken for a check that ran to its end
    if (interrupted) await stopTree(interrupted); // a save while a check runs: that check stops, with the program
    if (stopping || mine !== generation) return; // a later save came meanwhile: its start runs the check
    console.clear(); // a clear screen for each check (in a terminal)
    console.log(`监视 watching ${folder}\n保存文件后会重新检查，按 Ctrl-C 结束 — saving a file there checks again; Ctrl-C ends\n`);
    const env = { ...process.env, npm_config_watch: undefined }; // the check itself does not watch
    const run = spawn(process.execPath, [...process.execArgv, process.argv[1] ?? "", ...args], { stdio: "inherit", env });
    child = run;
    run.on("exit", (code) => {
      if (child !== run || stopping) return;
      child = undefined;
      console.log(`\n${code === 0 ? "✓" : "✗"} 等你保存下一次 — waiting for your next save (Ctrl-C ends)`);
    });
  };

  const saved = (_event: string, file: string | Buffer | null) => {
    if (file && NOT_A_SAVE.test(String(file))) return;
    clearTimeout(settle);
    settle = setTimeout(start, SETTLE_MS);
  };
  // The folder itself, not its subfolders: Node 20's recursive watching on Linux loses a file that an
  // editor replaces by a rename, and a learner's program lives beside its own folder's other files.
  const watcher = watch(folder, saved);

  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, async () => {
      stopping = true;
      clearTimeout(settle);
      watcher.close();
      if (child) await stopTree(child); // Ctrl-C reached it too; it stops the program, and this waits for that
      console.log("\n不再监视，检查已停止 — no longer watching; the check is stopped");
      process.exit(130);
    });
  }
  void start();
}
