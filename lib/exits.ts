/**
 * How a server ends: a failure at run time is one `error:` line that says
 * what to do, with exit code 1, never a stack trace; Ctrl-C closes its
 * sockets and exits with code 0, as Python's `except KeyboardInterrupt`; so
 * does a pipe that its output goes into closing.
 */
import { formatAddress, origin } from "./address.ts";
import { say } from "./say.ts";

// Output piped into a program that has stopped reading (`| head`, say) ends
// this one quietly, as it would a Python program, rather than with a stack trace.
process.stdout.on("error", (err: NodeJS.ErrnoException) => (err.code === "EPIPE" ? process.exit(0) : fail(err.message)));

/** A failure at run time: one `error:` line on stderr, exit code 1. */
export function fail(message: string): never {
  console.error(`error: ${message}`);
  process.exit(1);
}

/** What a socket error means for a learner, in one line, with what to do. */
export function explainSocketError(err: Error, host: string, port: number): string {
  const where = formatAddress(host, port);
  switch ((err as NodeJS.ErrnoException).code) {
    case "EADDRINUSE":
      return say("inUse", where, port === 9999 ? 9998 : 9999, origin.port);
    case "EACCES": // on Windows: a port in a range that Hyper-V, WSL or Docker reserve
      return say(process.platform === "win32" ? "noPermissionWindows" : "noPermission", where, origin.port);
    case "EADDRNOTAVAIL":
      return say("notThisMachine", host, origin.host);
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return say("noSuchHost", host, origin.host);
    case "EAFNOSUPPORT":
      return say("noFamily", host, origin.host);
    default:
      return `${where}: ${err.message}`;
  }
}

/**
 * Runs `stop` on Ctrl-C (SIGINT, Python's KeyboardInterrupt) or SIGTERM,
 * then exits with code 0.
 */
export function onStop(stop: () => void): void {
  const handler = () => {
    stop();
    process.exit(0);
  };
  process.on("SIGINT", handler).on("SIGTERM", handler);
}
