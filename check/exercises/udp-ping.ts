/**
 * 1.4 UDP 通信流程与特点 — 可能会出现数据丢失: a pinger. The checker plays the server: it echoes each ping
 * after DELAY_MS, except two it chooses, which it never answers; the client must say those two timed out,
 * give the others their round trips, count the loss right, and end in time.
 */
import { formatAddress } from "../../lib/address.ts";
import { type FakeServer, fakeServer } from "../net.ts";
import {
  DEADLINE_MS,
  DELAY_MS,
  dropped,
  linesOfEachPing,
  longest,
  type PingRun,
  pingNamed,
  playServer,
  roundTrip,
  SILENCE_MS,
  TIMED_OUT,
  twoToDrop,
} from "../ping.ts";
import { show } from "../show.ts";
import { defineExercise, fail, pass } from "../types.ts";

interface State {
  server: FakeServer;
  /** The run with two pings lost, made once for the three required checks. */
  lossy(): Promise<PingRun>;
}

export default defineExercise<State>({
  name: "udp-ping",
  section: "1.4",
  title: ["UDP 通信流程与特点：ping 程序", "the UDP pinger"],
  role: "client",
  protocol: "udp",
  lesson: "scripts/udp_ping.ts",
  async setup(context) {
    const server = await fakeServer(context.host, context.port); // the checker plays the server
    let run: Promise<PingRun> | undefined;
    const drops = twoToDrop();
    const state: State = { server, lossy: () => (run ??= playServer({ ...context, state }, (index) => !drops.has(index))) };
    return state;
  },
  cleanup: ({ server }) => server.close(),
  required: [
    {
      id: "prints-each-ping",
      name: ["每个 ping 一行：序号，以及往返时间或超时", "a line per ping: its number, and its round trip or that it timed out"],
      async run(context) {
        const run = await context.state.lossy();
        if (run.skipped) return run.skipped;
        const { hint } = context;
        const sent = `${run.pings.length} 个 ping，丢掉第 ${dropped(run, "、")} 个，其余的 ${DELAY_MS} 毫秒后回复 — ${run.pings.length} pings; pings ${dropped(run, ", ")} lost, the others answered after ${DELAY_MS} ms`;
        if (run.pings.length === 0) {
          return fail(
            hint({
              python: [
                `检查器在 ${formatAddress(context.host, context.port)} 没有收到任何 ping：客户端是否把每个 ping sendto 给了 ADDR？ADDR 和检查器的 --port 要是同一个端口`,
                `the checker got no ping at ${formatAddress(context.host, context.port)}: did the client sendto each ping to ADDR? ADDR and the checker's --port must name the same port`,
              ],
              typescript: [
                `检查器在 ${formatAddress(context.host, context.port)} 没有收到任何 ping：客户端是否把每个 ping send 给了这个地址和端口？`,
                `the checker got no ping at ${formatAddress(context.host, context.port)}: did the client send each ping to that address and port?`,
              ],
            }),
            undefined,
            `它打印了 it printed ${show(run.output, 200)}`,
          );
        }
        if (run.stuckAfter !== undefined) {
          return fail(
            hint({
              python: [
                `第 ${run.stuckAfter} 个 ping 的回复丢了，客户端就一直等在 recvfrom 里：用 settimeout(1) 设一个时限，捕获 timeout 后打印超时，接着发下一个`,
                `the reply to ping ${run.stuckAfter} was lost, and the client has waited in recvfrom since: set a time limit with settimeout(1), and on timeout print that it timed out and send the next`,
              ],
              typescript: [
                `第 ${run.stuckAfter} 个 ping 的回复丢了，客户端就一直在等：给每个回复设一个时限（比如 setTimeout 1 秒），到时打印超时，接着发下一个`,
                `the reply to ping ${run.stuckAfter} was lost, and the client has waited since: give each reply a time limit (a setTimeout of 1 s, say); when it passes, print that it timed out and send the next`,
              ],
            }),
            sent,
            `第 ${run.stuckAfter} 个之后 ${SILENCE_MS / 1000} 秒什么也没发 nothing sent for ${SILENCE_MS / 1000} s after ping ${run.stuckAfter}`,
          );
        }
        const blocks = linesOfEachPing(run.output);
        for (const [index, { seq, dropped: lost }] of run.pings.entries()) {
          const lines = blocks.get(seq);
          const got = `它打印了 it printed ${show(lines ?? run.output.slice(-300), 300)}`;
          if (lines === undefined) {
            const which: [string, string] = lost
              ? ["（它超时了：超时的那一行也要写上序号）", " (it timed out: its timed-out line needs the number too)"]
              : ["", ""];
            return fail(
              [
                `没有一行写着第 ${seq} 个 ping 的序号${which[0]}：每个 ping 打印一行，带上它的序号，比如 Ping ${seq}: timed out`,
                `no line names ping ${seq}${which[1]}: print a line for each ping, with its number, as in Ping ${seq}: timed out`,
              ],
              sent,
              got,
            );
          }
          const time = roundTrip(lines);
          if (lost && !TIMED_OUT.test(lines)) {
            return fail(
              [`第 ${seq} 个 ping 没有回复，那一行却没有说超时`, `ping ${seq} got no reply, but its line does not say it timed out`],
              sent,
              got,
            );
          }
          if (lost || lateAtClient(run, index, lines)) continue;
          if (time === undefined) {
            return fail(
              [
                `第 ${seq} 个 ping 有回复，那一行却没有往返时间（毫秒）`,
                `ping ${seq} got its reply, but its line has no round trip (in ms)`,
              ],
              sent,
              got,
            );
          }
          const most = longest(run, index) + 50; // and room for the clocks' grain
          if (time.ms > most) {
            return fail(
              [
                `第 ${seq} 个 ping 的往返时间最多 ${Math.round(most)} 毫秒，它却写着 ${time.ms} 毫秒：单位对吗？毫秒是秒乘以 1000；只写数字时，检查器把它当作秒`,
                `ping ${seq} took at most ${Math.round(most)} ms, but its line says ${time.ms} ms: is the unit right? ms are seconds times 1000; a bare number is taken as seconds`,
              ],
              sent,
              got,
            );
          }
          if (time.ms < DELAY_MS * 0.8) {
            const seconds = /^(ms|msec|milliseconds?|毫秒)$/i.test(time.unit);
            return fail(
              seconds
                ? [
                    `第 ${seq} 个 ping 的往返时间至少有 ${DELAY_MS} 毫秒，它却写着 ${time.ms} 毫秒：time.time() 的差是秒，乘以 1000 才是毫秒`,
                    `ping ${seq} took at least ${DELAY_MS} ms, but its line says ${time.ms} ms: a difference of time.time() is in seconds; times 1000 is ms`,
                  ]
                : [
                    `第 ${seq} 个 ping 的往返时间至少有 ${DELAY_MS} 毫秒，它却写着 ${time.ms} 毫秒`,
                    `ping ${seq} took at least ${DELAY_MS} ms, but its line says ${time.ms} ms`,
                  ],
              sent,
              got,
            );
          }
        }
        return pass();
      },
    },
    {
      id: "counts-loss",
      name: ["最后的统计：发送、收到、丢失和丢包率都对", "the summary: sent, received, lost and the loss rate are right"],
      afterFirst: true,
      async run({ state }) {
        const run = await state.lossy();
        const sentCount = run.pings.length;
        const blocks = linesOfEachPing(run.output);
        const lost = run.pings.filter((ping, index) => ping.dropped || lateAtClient(run, index, blocks.get(ping.seq) ?? "")).length;
        const rate = (lost / sentCount) * 100;
        // What comes after the last line about a ping: the summary.
        const lines = run.output.trimEnd().split(/\r?\n/);
        const last = lines.findLastIndex((line) => pingNamed(line) !== undefined);
        const summary = lines.slice(last + 1).join("\n");
        const numbers = [...summary.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
        const rateShown = [...summary.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((m) => Number(m[1]));
        const right =
          numbers.includes(sentCount) &&
          numbers.includes(sentCount - lost) &&
          numbers.includes(lost) &&
          rateShown.some((shown) => Math.abs(shown - rate) < 0.51);
        if (right) return pass();
        return fail(
          [
            `统计不对：发送 ${sentCount} 个，收到 ${sentCount - lost} 个，丢失 ${lost} 个，丢包率是 丢失数 ÷ 发送数 = ${rate}%`,
            `the summary is not right: ${sentCount} sent, ${sentCount - lost} received, ${lost} lost, and the loss rate is lost ÷ sent = ${rate}%`,
          ],
          `${sentCount} 个 ping，丢掉 ${lost} 个 — ${sentCount} pings, ${lost} lost`,
          `最后打印的是 it printed at the end ${show(summary, 200)}`,
        );
      },
    },
    {
      id: "ends-in-time",
      name: ["在 count × timeout 之内结束，不会卡住", "it ends within count × timeout, never hanging"],
      async run({ state, hint }) {
        const run = await state.lossy();
        if (run.skipped) return run.skipped;
        if (run.ended) return pass();
        return fail(
          hint({
            python: [
              "客户端没有结束：丢了一个回复，recvfrom 就会一直等下去。用 settimeout(1)，发完 10 个 ping 就关闭套接字",
              "the client did not end: once a reply is lost, recvfrom waits for ever. use settimeout(1), and close the socket after the 10 pings",
            ],
            typescript: [
              "客户端没有结束：每个回复都要有时限，发完全部 ping 后关闭套接字 (client.close())，程序才会退出",
              "the client did not end: each reply needs a time limit, and the socket must be closed (client.close()) after the last ping for the program to end",
            ],
          }),
          `${run.pings.length} 个 ping，丢掉第 ${dropped(run, "、")} 个 — ${run.pings.length} pings, ${dropped(run, ", ")} lost`,
          run.stuckAfter === undefined
            ? `${DEADLINE_MS / 1000} 秒后还在运行 still running after ${DEADLINE_MS / 1000} s`
            : `第 ${run.stuckAfter} 个之后就停住了 stuck after ping ${run.stuckAfter}`,
        );
      },
    },
  ],
  further: [
    {
      id: "ignores-late-reply",
      name: ["迟到的回复不会被当成当前 ping 的回复", "a late reply is not taken for the current ping's"],
      async run(context) {
        // Ping 3's reply comes only once ping 4 is sent: a client that takes it for ping 4's shows a round trip shorter than any real one.
        const run = await playServer(context, (index) => (index === 3 ? "late" : true));
        if (run.skipped) return run.skipped;
        const fourth = run.pings[3];
        const lines = fourth && linesOfEachPing(run.output).get(fourth.seq);
        const time = lines ? roundTrip(lines) : undefined;
        if (time && time.ms >= DELAY_MS * 0.8) return pass();
        return fail(
          context.hint({
            python: [
              "第 3 个 ping 的回复在第 4 个发出后才到，客户端却把它当成了第 4 个的回复：看看回复里的序号，不是当前这个就丢掉，接着 recvfrom",
              "ping 3's reply came after ping 4 was sent, and the client took it for ping 4's: look at the number in the reply; if it is not the current one, drop it and recvfrom again",
            ],
            typescript: [
              "第 3 个 ping 的回复在第 4 个发出后才到，客户端却把它当成了第 4 个的回复：看看回复里的序号，不是当前这个就不算，接着等",
              "ping 3's reply came after ping 4 was sent, and the client took it for ping 4's: look at the number in the reply; if it is not the current one, pass it over and go on waiting",
            ],
          }),
          `第 3 个的回复在第 4 个到达后才发出 ping 3's reply sent once ping 4 came; the others after ${DELAY_MS} ms`,
          `第 4 个的那一行 the line of ping 4: ${show(lines ?? "", 200)}`,
        );
      },
    },
  ],
});

/**
 * An answered ping whose reply came too late for the client: its line says it timed out, and the client did
 * wait (the next ping came most of a second later). On a busy machine the reply may really be late; the
 * client is right to count it lost.
 */
const lateAtClient = (run: PingRun, index: number, lines: string) =>
  TIMED_OUT.test(lines) && roundTrip(lines) === undefined && longest(run, index) >= 900;
