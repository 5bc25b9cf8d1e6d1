/**
 * What an error a learner's program printed means, with what to do, in Chinese and English: a bind that
 * failed while closed connections wait in TIME_WAIT, a Python that Windows names py, and the errors only
 * Windows gives (WinError 10013, 10040, 10054), a command that does not exist; and the program that holds a
 * port, named for a message.
 */

import { showText } from "../lib/safe_text.ts";
import { portHolder, timeWaitOn } from "./ports.ts";
import { findOnPath, windows } from "./processes.ts";
import type { Program } from "./program.ts";
import type { Words } from "./types.ts";

/** What a failed bind prints: Python's OSError (Linux 98, macOS 48), WinError 10048, Node's EADDRINUSE. */
export const ADDRESS_IN_USE = /Address already in use|Errno 98|Errno 48|WinError 10048|EADDRINUSE|already in use/i;

/**
 * A bind that failed with "address in use". On TCP, with closed connections waiting in TIME_WAIT on the
 * port and nothing listening: what TIME_WAIT is, and SO_REUSEADDR. Otherwise another program holds the
 * address the learner's program binds, which may not be the port the checker was told.
 */
export function addressInUseHelp(protocol: "udp" | "tcp", port: number): Words {
  const waiting = protocol === "tcp" ? timeWaitOn(port) : 0;
  if (waiting === 0) {
    return [
      "你的程序要绑定的地址已被另一个程序占用：是不是另一个终端里还有一个服务端在运行？用 Ctrl-C 停掉它。另外，程序里的 ADDR 和检查器的 --port 要是同一个端口",
      "another program holds the address your program binds: is a server still running in another terminal? stop it with Ctrl-C. And your program's ADDR and the checker's --port must name the same port",
    ];
  }
  return [
    `没有程序在监听，但端口 ${port} 还被刚关闭的 ${waiting} 个连接占着：先关闭连接的一方要在 TIME_WAIT 里等一会儿（Linux 上 60 秒）。` +
      "真正的服务端都在 bind 之前设置 s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)，这样就能马上重新启动；如果你刚刚加上它，旧版本留下的连接还要等最多 60 秒",
    `nothing listens, but ${waiting} connections that just closed still hold port ${port}: the side that closes first waits in TIME_WAIT for a while (60 s on Linux). ` +
      "Every real server sets s.setsockopt(SOL_SOCKET, SO_REUSEADDR, 1) before bind, and then restarts at once; if you have just added it, the connections the old version left still hold the port for up to 60 s",
  ];
}

/** On Windows, a python3 or python that is not there (cmd's "not recognized", the Store's stub with 9009): use py. */
export function pythonOnWindows(name: string, command: string[], program: Program | undefined): Words | undefined {
  const [file = "", ...rest] = command;
  if (!windows || program === undefined || !/^python3?(\.exe)?$/i.test(file)) return undefined;
  const stub = program.ended()?.code === 9009 || /Python was not found|is not recognized|不是内部或外部命令/.test(program.output());
  if (findOnPath(file) !== undefined && !stub) return undefined;
  const instead = `npm run check -- ${name} -- ${["py", ...rest].join(" ")}`;
  return [`Windows 上的 Python 用 py 启动：${instead}`, `on Windows, start Python with py: ${instead}`];
}

/** The errors only Windows raises, found in what the program printed. */
export function windowsError(output: string): Words | undefined {
  if (/WinError 10040/.test(output)) {
    return [
      "WinError 10040：数据报比 recvfrom 给的大小长。Linux 会把它截断，Windows 却报错：用 recvfrom(65535)，或者捕获 OSError",
      "WinError 10040: a datagram longer than recvfrom's size. Linux cuts it short, Windows raises: use recvfrom(65535), or catch OSError",
    ];
  }
  if (/WinError 10054/.test(output)) {
    return [
      "WinError 10054：之前发出的数据报没有人收（对方已经关闭），Windows 把这件事交给了下一次 recvfrom。捕获 ConnectionResetError，继续循环",
      "WinError 10054: an earlier datagram found nobody (the other side had closed), and Windows raises that at the next recvfrom. Catch ConnectionResetError and go on",
    ];
  }
  if (/WinError 10013/.test(output)) {
    return [
      "WinError 10013：没有权限使用这个端口。Hyper-V、WSL 和 Docker 会保留一些端口范围（netsh int ipv4 show excludedportrange protocol=udp 会列出它们）：换一个端口，用 --port 告诉检查器",
      "WinError 10013: no permission to use this port. Hyper-V, WSL and Docker reserve ranges of ports (netsh int ipv4 show excludedportrange protocol=udp lists them): choose another, and tell the checker with --port",
    ];
  }
  return undefined;
}

/** A command that could not be started at all (ENOENT). */
export const COMMAND_NOT_FOUND: Words = [
  "找不到这个命令：检查一下拼写，以及它在不在 PATH 里（Windows 上 Python 用 py 启动）",
  "there is no such command: check its spelling, and that it is on PATH (on Windows, Python is py)",
];

/** The program that holds a port, for a message, where the system tells. */
export function describeHolder(protocol: "udp" | "tcp", port: number): string | undefined {
  const holder = portHolder(protocol, port);
  const command = showText(holder?.command ?? "");
  return holder && `${command.length > 100 ? `…${command.slice(-99)}` : command} (pid ${holder.pid})`; // the end names the script
}
