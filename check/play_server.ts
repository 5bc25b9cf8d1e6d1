/**
 * The checker as the server of a client exercise: it starts the client, waits for its prompt, types a
 * line, and takes the datagram that line should become; the exercise's checks reply, or do not.
 */
import { formatAddress } from "../lib/address.ts";
import type { FakeServer, Reply } from "./net.ts";
import type { Program } from "./program.ts";
import { printed, show } from "./show.ts";
import { type Context, fail, NO_PROGRAM, type Outcome, skip } from "./types.ts";

export interface Typed {
  client: Program;
  datagram: Reply;
  /** Where the client's output stood when the line was typed. */
  from: number;
}

/** Starts the client and types `line`; a failed or skipped Outcome when the line did not arrive as one datagram. */
export async function typeLine(context: Context<FakeServer>, line: string): Promise<Typed | Outcome> {
  const { host, port, restart, state: server, hint } = context;
  const client = await restart?.();
  if (client === undefined) return skip(NO_PROGRAM);
  if (!(await client.waitForOutput((output) => output.length > 0, 20_000))) {
    return fail(["程序没有显示提示就等待输入，或者已经退出", "the program showed no prompt, or ended"], undefined, printed(client));
  }
  // What it prints after the line is typed counts from here: on a busy machine a client may answer
  // before the checker has even seen its datagram.
  const from = client.output().length;
  const typed = performance.now();
  client.type(line);
  const datagram = await server.next(5_000);
  if (datagram === null) {
    return fail(
      hint({
        python: [
          "服务端没有收到数据报：客户端是否把这一行 sendto 给了 ADDR？",
          "the server got no datagram: did the client sendto the line to ADDR?",
        ],
        typescript: [
          "服务端没有收到数据报：客户端是否把这一行 send 给了服务端的地址和端口？",
          "the server got no datagram: did the client send the line to the server's address and port?",
        ],
      }),
      `输入了 typed ${show(line)}`,
      `${formatAddress(host, port)} 什么也没收到，程序打印了 nothing at ${formatAddress(host, port)}; the program printed ${printed(client)}`,
    );
  }
  context.sawRoundTrip(performance.now() - typed);
  if (datagram.data.toString("utf8") !== line) {
    return fail(
      hint({
        python: [
          "数据报的内容不是输入的那一行：发送 msg.encode()，不带换行",
          "the datagram is not the line typed: send msg.encode(), without the newline",
        ],
        typescript: [
          "数据报的内容不是输入的那一行：发送这一行本身，不带换行",
          "the datagram is not the line typed: send the line itself, without the newline",
        ],
      }),
      `输入了 typed ${show(line)}`,
      `一个数据报 a datagram ${show(datagram.data)}`,
    );
  }
  return { client, datagram, from };
}

/** The client ends after an empty line. */
export async function quitsOnEmptyLine({ program, hint }: Context<FakeServer>): Promise<Outcome> {
  if (program === undefined) return skip(NO_PROGRAM);
  program.type("");
  if (await program.waitForEnd(5_000)) return { status: "pass" };
  return fail(
    hint({
      python: ["输入空行后程序没有结束：if not msg: break", "the program did not end after an empty line: if not msg: break"],
      typescript: [
        "输入空行后程序没有结束：读到空行就跳出循环，关闭套接字和输入",
        "the program did not end after an empty line: leave the loop on an empty line, close the socket and the input",
      ],
    }),
    '"" (an empty line)',
    "它还在运行 it is still running",
  );
}
