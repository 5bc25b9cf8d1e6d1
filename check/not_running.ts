/**
 * Why a server exercise's program is not running at its address when the checks should start: it was not
 * started, it ended (and what it printed says why), it bound another port, or it never bound one.
 */
import { ADDRESS_IN_USE, addressInUseHelp, COMMAND_NOT_FOUND, pythonOnWindows, windowsError } from "./hints.ts";
import type { Program } from "./program.ts";
import { tail } from "./report.ts";
import type { AnyExercise, Outcome } from "./types.ts";

export interface Where {
  exercise: AnyExercise;
  address: string;
  port: number;
  command: string[];
  startMs: number;
  /** A port of the exercise's protocol that the program holds instead, where the system tells. */
  otherPort(program: Program): number | undefined;
}

export function notRunning(program: Program | undefined, { exercise, address, port, command, startMs, otherPort }: Where): Outcome {
  if (program === undefined) {
    return {
      status: "fail",
      why: [
        `${address} 上没有服务端：先启动它，或者在 -- 之后给出它的命令`,
        `nothing listens at ${address}: start your server first, or give its command after --`,
      ],
    };
  }
  const output = program.output();
  const ended = program.ended();
  if (ended) {
    const how = ended.code ?? ended.signal;
    const neverStarted = ended.code === null && ended.signal === null;
    return {
      status: "fail",
      got: neverStarted
        ? `启动不了 it could not be started; it printed:\n${tail(output)}`
        : `在绑定 ${address} 之前就退出了（退出码 ${how}） — it ended (exit code ${how}) before it bound ${address}; it printed:\n${tail(output)}`,
      why: (ADDRESS_IN_USE.test(output) ? addressInUseHelp(exercise.protocol, port) : undefined) ??
        pythonOnWindows(exercise.name, command, program) ??
        (neverStarted && /ENOENT/.test(output) ? COMMAND_NOT_FOUND : undefined) ??
        windowsError(output) ?? [
          "看看上面的输出：是语法错误、端口被占用，还是别的错误？",
          "read what it printed above: a syntax error, a port in use, or another error?",
        ],
    };
  }
  const other = otherPort(program);
  if (other !== undefined) {
    return {
      status: "fail",
      got: `它绑定的是端口 ${other}，不是 ${port} — it bound port ${other}, not ${port}`,
      why: [
        `你的程序绑定的是端口 ${other}：用 --port ${other} 告诉检查器，或者把程序里的 ADDR 改成 ${port}`,
        `your program bound port ${other}: tell the checker with --port ${other}, or change the program's ADDR to ${port}`,
      ],
    };
  }
  return {
    status: "fail",
    got: `${startMs / 1000} 秒后 ${address} 上还没有绑定任何程序 — after ${startMs / 1000} s nothing is bound to ${address}; it printed:\n${tail(output)}`,
    why: [
      "程序绑定的是别的地址或端口吗？用 --port 告诉检查器它用的端口",
      "does the program bind another address or port? tell the checker its port with --port",
    ],
  };
}
