/**
 * Who holds a port, read from the system's socket tables, with nothing sent
 * to any program: whether a port is bound (UDP) or listened on (TCP), which
 * program holds it where the system tells, and whether closed connections
 * still wait in TIME_WAIT on it. Linux reads /proc/net; macOS and Windows ask
 * netstat (and lsof or tasklist for the program's name).
 */
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export type Protocol = "udp" | "tcp";

/** One row of Linux's /proc/net/{tcp,udp}[6]: the local and remote ports, the state, the socket's inode. */
export interface SocketRow {
  localPort: number;
  remotePort: number;
  /** Two hex digits: 0A listening, 06 TIME_WAIT, 01 established; 07 for a UDP socket. */
  state: string;
  inode: string;
}

/** The rows of Linux's socket tables for `protocol`, IPv4 and IPv6; undefined where there are none (not Linux). */
export function socketRows(protocol: Protocol): SocketRow[] | undefined {
  const tables = [`/proc/net/${protocol}`, `/proc/net/${protocol}6`].flatMap((file) => {
    try {
      return [readFileSync(file, "utf8")];
    } catch {
      return [];
    }
  });
  if (tables.length === 0) return undefined;
  const port = (address = "") => Number.parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
  return tables.flatMap((table) =>
    table
      .split("\n")
      .slice(1)
      .filter((row) => row.trim() !== "")
      .map((row) => {
        const [, local, remote, state = "", , , , , , inode = ""] = row.trim().split(/\s+/);
        return { localPort: port(local), remotePort: port(remote), state, inode };
      }),
  );
}

const LISTENING = "0A";
const TIME_WAIT = "06";
/** A server's socket: a UDP socket bound to the port and connected to no peer, or a TCP one listening on it. */
const holds = (protocol: Protocol, row: SocketRow, port: number) =>
  row.localPort === port && (protocol === "udp" ? row.remotePort === 0 : row.state === LISTENING);

function netstat(args: string[]): string {
  return execFileSync("netstat", args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], windowsHide: true });
}

/**
 * A netstat row for a socket bound (UDP) or listening (TCP) on `port`, read from its local address only:
 * Windows `UDP 127.0.0.1:8888 *:*`, macOS `udp4 0 0 127.0.0.1.8888 *.*` (after the two queue counts).
 */
export function netstatHolds(protocol: Protocol, port: number, line: string): boolean {
  const [proto = "", ...rest] = line.trim().split(/\s+/);
  if (!proto.toLowerCase().startsWith(protocol)) return false;
  const local = /^\d+$/.test(rest[0] ?? "") ? rest[2] : rest[0]; // macOS puts Recv-Q and Send-Q first
  return new RegExp(`[.:]${port}$`).test(local ?? "") && (protocol === "udp" || /LISTEN/i.test(line));
}

/**
 * Whether a socket of this machine is bound to `port` (UDP) or listening on it (TCP); undefined when the
 * system does not tell (no /proc, no netstat).
 */
export function portInUse(protocol: Protocol, port: number): boolean | undefined {
  const rows = socketRows(protocol);
  if (rows !== undefined) return rows.some((row) => holds(protocol, row, port));
  try {
    return netstat(["-an"])
      .split("\n")
      .some((line) => netstatHolds(protocol, port, line));
  } catch {
    return undefined;
  }
}

/** How many closed connections wait in TIME_WAIT with `port` as their local port (Linux; 0 elsewhere). */
export function timeWaitOn(port: number): number {
  return (socketRows("tcp") ?? []).filter((row) => row.localPort === port && row.state === TIME_WAIT).length;
}

/** A program that holds a port. */
export interface Holder {
  pid: number;
  /** Its command line, or its name, as the system gives it. */
  command: string;
}

/** Which program holds `port`, where the system tells (its own programs, for a user who is not root). */
export function portHolder(protocol: Protocol, port: number): Holder | undefined {
  try {
    if (process.platform === "win32") return windowsHolder(protocol, port);
    const rows = socketRows(protocol);
    if (rows !== undefined) return linuxHolder(rows.filter((row) => holds(protocol, row, port)).map((row) => row.inode));
    return lsofHolder(protocol, port);
  } catch {
    return undefined; // the system did not tell
  }
}

/**
 * The ports a process and the processes it started hold (bound for UDP, listening for TCP), where the
 * system tells (Linux); none elsewhere. For a program that bound another port than the checker was told.
 */
export function portsHeldBy(pid: number, protocol: Protocol): number[] {
  const rows = socketRows(protocol);
  if (rows === undefined) return [];
  try {
    const parents = new Map<number, number>(); // pid → its parent, from /proc/PID/stat's fourth field
    for (const name of readdirSync("/proc").filter((entry) => /^\d+$/.test(entry))) {
      const stat = /\) \S (\d+)/.exec(readFileSafe(`/proc/${name}/stat`))?.[1];
      if (stat) parents.set(Number(name), Number(stat));
    }
    const tree = new Set([pid]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [child, parent] of parents) {
        if (tree.has(parent) && !tree.has(child)) {
          tree.add(child);
          grew = true;
        }
      }
    }
    const sockets = new Set([...tree].flatMap((member) => socketInodes(member)));
    return [
      ...new Set(
        rows.filter((row) => sockets.has(row.inode) && (protocol === "udp" || row.state === LISTENING)).map((row) => row.localPort),
      ),
    ];
  } catch {
    return [];
  }
}

const readFileSafe = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** The inodes of the sockets a process has open (Linux: /proc/PID/fd links to socket:[INODE]). */
function socketInodes(pid: number): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        return [/^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? ""].filter(Boolean);
      } catch {
        return [];
      }
    });
  } catch {
    return []; // gone, or not ours to read
  }
}

/** Linux: the process with a file descriptor open on one of the sockets. */
function linuxHolder(inodes: string[]): Holder | undefined {
  const wanted = new Set(inodes.filter((inode) => inode !== "0"));
  if (wanted.size === 0) return undefined;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    if (socketInodes(Number(pid)).some((inode) => wanted.has(inode))) {
      return { pid: Number(pid), command: asTyped(readFileSafe(`/proc/${pid}/cmdline`).split("\0").filter(Boolean)).join(" ") };
    }
  }
  return undefined;
}

/**
 * A command line as the learner typed it: `npx tsx server.ts` runs as
 * `node --require …/tsx/dist/preflight.cjs --import …/tsx/dist/loader.mjs server.ts`,
 * which is shown as `tsx server.ts`.
 */
export function asTyped(args: string[]): string[] {
  const shown = args.filter((arg, i) => !/[\\/]tsx[\\/]dist[\\/]/.test(arg) && !/[\\/]tsx[\\/]dist[\\/]/.test(args[i + 1] ?? ""));
  return shown.length < args.length && /(^|[\\/])node(\.exe)?$/.test(shown[0] ?? "") ? ["tsx", ...shown.slice(1)] : shown;
}

/** macOS: lsof's fields, p<pid> and c<command>. */
function lsofHolder(protocol: Protocol, port: number): Holder | undefined {
  const args = protocol === "udp" ? [`-iUDP:${port}`] : [`-iTCP:${port}`, "-sTCP:LISTEN"];
  const fields = execFileSync("lsof", ["-nP", "-Fpc", ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const pid = /^p(\d+)$/m.exec(fields)?.[1];
  const command = /^c(.+)$/m.exec(fields)?.[1];
  return pid === undefined ? undefined : { pid: Number(pid), command: command ?? "?" };
}

/** Windows: netstat -ano's last column is the pid; tasklist names it. */
function windowsHolder(protocol: Protocol, port: number): Holder | undefined {
  const row = netstat(["-ano", "-p", protocol.toUpperCase()])
    .split("\n")
    .find((line) => netstatHolds(protocol, port, line));
  const pid = row?.trim().split(/\s+/).pop();
  if (pid === undefined || !/^\d+$/.test(pid) || pid === "0") return undefined;
  const task = execFileSync("tasklist", ["/FI", `PID eq ${pid}`, "/FO", "CSV", "/NH"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    windowsHide: true,
  });
  return { pid: Number(pid), command: /^"([^"]+)"/m.exec(task)?.[1] ?? "?" };
}
