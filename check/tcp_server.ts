/**
 * What the HTTP server exercises share: the learner's server found running (the course's 2.3 program ends
 * after one request, so it is started again), and a browser's spare connection, sent before a request.
 */
import { emptyConnection, until } from "./net.ts";
import { portInUse } from "./ports.ts";
import type { Program } from "./program.ts";
import { show } from "./show.ts";
import { type Context, fail, type Outcome, skip, type Words } from "./types.ts";

/** The program, running and listening: the one started, or a new start of it when it has ended. */
export async function running(context: Context<unknown>): Promise<Program | undefined> {
  const { program, port } = context;
  if (program === undefined) return undefined;
  await until(() => program.ended() !== undefined || portInUse("tcp", port) !== false, 3_000);
  if (program.ended() === undefined && portInUse("tcp", port) !== false) return program;
  await program.waitForEnd(3_000);
  return context.restart?.();
}

export const ENDED_AFTER_ONE: Words = [
  "程序处理一个请求后就退出了，而且现在无法重新启动（端口还被刚才的连接占着）",
  "the program ended after one request, and cannot be started again just now (the port is still held by that connection)",
];

export const EMPTY_CONNECTION: Words = [
  "浏览器的空连接之后照常工作",
  "goes on after a connection that sends nothing, as a browser's spare one",
];

/**
 * Opens a connection that sends nothing and closes it, as a browser's spare one does, then asks
 * `answered` whether the server still answers a real request; a server that the empty connection ended
 * is told to look at recv's empty result.
 */
export async function afterEmptyConnection(context: Context<unknown>, answered: () => Promise<Outcome>): Promise<Outcome> {
  const { host, port, hint } = context;
  const program = context.endsAfterRequest ? await running(context) : context.program;
  if (context.program !== undefined && program === undefined) return skip(ENDED_AFTER_ONE);
  if (program?.ended() || portInUse("tcp", port) === false)
    return { status: "fail", unchecked: ["你的程序已经不在监听了", "your program no longer listens"] };
  await emptyConnection(host, port, 2_000);
  const outcome = await answered();
  // No fixed wait on the way: only when the request after it got no answer is the program's end looked for.
  if (outcome.status === "fail" && program && (await program.waitForEnd(context.replyMs()))) {
    const end = program.ended();
    const how = end?.code ?? end?.signal;
    const last = program.output().trim().split("\n").slice(-1)[0] ?? "";
    return fail(
      hint({
        python: [
          "一个什么也没发送的连接让你的服务端退出了（浏览器常常多开一个这样的连接）：recv 返回 b'' 时，先用 if not request:（你收到的那个变量）关闭这个连接，再拆分请求",
          "a connection that sent nothing ended your server (browsers often open such a spare one): when recv returns b'', check `if not request:` (whatever your variable is called) and close that connection before splitting the request",
        ],
        typescript: [
          "一个什么也没发送的连接让你的服务端退出了（浏览器常常多开一个这样的连接）：连接结束 (end) 时如果一个字节也没收到，就只关闭它，不要拆分请求",
          "a connection that sent nothing ended your server (browsers often open such a spare one): when a connection ends with no bytes received, just close it; do not split a request",
        ],
      }),
      "一个什么也没发就关闭的连接，然后一个请求 a connection opened and closed with nothing sent, then a request",
      `它退出了（退出码 ${how}），打印了 it ended (exit code ${how}); it printed ${show(last)}`,
    );
  }
  return outcome;
}
