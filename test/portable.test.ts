/**
 * The pieces of the checker that differ by system, tried here on recorded
 * samples: netstat's tables from macOS and a Chinese Windows, where each
 * system installs its browsers, how Windows finds a command on PATH, and
 * what Windows' own errors mean.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { browserPaths } from "../check/browser.ts";
import { windowsError } from "../check/hints.ts";
import { netstatHolds } from "../check/ports.ts";
import { findOnPath } from "../check/processes.ts";

const MACOS = `Active Internet connections (including servers)
Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)
tcp4       0      0  127.0.0.1.8888         *.*                    LISTEN
tcp4       0      0  127.0.0.1.8888         127.0.0.1.52311        TIME_WAIT
udp4       0      0  127.0.0.1.9999         *.*
udp6       0      0  *.5353                 *.*`;

const WINDOWS = `
活动连接

  协议  本地地址          外部地址        状态
  TCP    127.0.0.1:8888         0.0.0.0:0              LISTENING
  TCP    127.0.0.1:52311        127.0.0.1:8888         TIME_WAIT
  UDP    127.0.0.1:9999         *:*
  UDP    [::1]:5353             *:*`;

test("netstat's rows: a listening TCP port and a bound UDP port, on macOS and on a Chinese Windows", () => {
  for (const table of [MACOS, WINDOWS]) {
    const lines = table.split("\n");
    assert.ok(
      lines.some((line) => netstatHolds("tcp", 8888, line)),
      "TCP 8888 listens",
    );
    assert.ok(!lines.some((line) => netstatHolds("tcp", 52311, line)), "a TIME_WAIT row is not a listening socket");
    assert.ok(
      lines.some((line) => netstatHolds("udp", 9999, line)),
      "UDP 9999 is bound",
    );
    assert.ok(
      lines.some((line) => netstatHolds("udp", 5353, line)),
      "UDP 5353, IPv6",
    );
    assert.ok(!lines.some((line) => netstatHolds("udp", 8888, line)), "no UDP socket on 8888");
    assert.ok(!lines.some((line) => netstatHolds("udp", 999, line)), "999 is not 9999");
  }
});

test("browsers where each system installs them: Chromium, Chrome, then Edge", () => {
  const windows = browserPaths("win32", { ProgramFiles: "C:\\Program Files", "ProgramFiles(x86)": "C:\\Program Files (x86)" });
  assert.ok(windows.some((path) => path.endsWith(join("Google", "Chrome", "Application", "chrome.exe"))));
  assert.ok(windows.at(-1)?.endsWith(join("Microsoft", "Edge", "Application", "msedge.exe")));
  assert.deepEqual(browserPaths("darwin")[1], "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
  assert.equal(browserPaths("linux")[0], "/usr/bin/chromium");
});

test("a command on PATH with PATHEXT's endings, as Windows finds it: the .exe starts without a shell", () => {
  const folder = mkdtempSync(join(tmpdir(), "path-"));
  try {
    writeFileSync(join(folder, "py.exe"), "");
    writeFileSync(join(folder, "npx.cmd"), "");
    const env = { PATH: folder, PATHEXT: ".COM;.EXE;.BAT;.CMD" };
    assert.equal(findOnPath("py", env), join(folder, "py.exe"));
    assert.equal(findOnPath("npx", env), join(folder, "npx.cmd"));
    assert.equal(findOnPath("python3", env), undefined);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("Windows' own errors get Windows' explanations, in Chinese and English", () => {
  for (const [error, advice] of [
    ["OSError: [WinError 10040] 一个在数据报套接字上发送的消息大于内部消息缓冲区", /recvfrom\(65535\)/],
    ["ConnectionResetError: [WinError 10054] 远程主机强迫关闭了一个现有的连接。", /ConnectionResetError/],
    ["PermissionError: [WinError 10013] 以一种访问权限不允许的方式做了一个访问套接字的尝试。", /excludedportrange/],
  ] as const) {
    const words = windowsError(`Traceback (most recent call last):\n${error}`);
    assert.match(words?.[0] ?? "", /[\u4e00-\u9fff]/);
    assert.match(words?.[1] ?? "", advice);
  }
  assert.equal(windowsError("IndexError: list index out of range"), undefined);
});

test.run();
