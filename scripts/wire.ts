/**
 * wire.ts — see the packets: a relay between any client and server that draws every datagram or TCP chunk
 * as a sequence diagram, as the course's figures do: in the terminal, and live in a page; Ctrl-C saves it
 * as a mermaid diagram for your notes. A tool, not a lesson: point your client at --port instead of 8888.
 * Run: npx tsx scripts/wire.ts --to 127.0.0.1:8888 [--port 9999] [--tcp] [--loss 0.3] [--delay MS] [--seed N] [--view PORT] [--save PATH]
 */
import { lookup } from "node:dns/promises";
import { writeFileSync } from "node:fs";
import { formatAddress, readFlags, usageError } from "../lib/address.ts";
import { explainSocketError, fail } from "../lib/exits.ts";
import { fileProblem } from "../lib/file_problem.ts";
import { numberFlag } from "../lib/number_flags.ts";
import { say } from "../lib/say.ts";
import { seeded } from "../lib/seeded.ts";
import { Run } from "./wire/events.ts";
import { runAsMarkdown } from "./wire/mermaid.ts";
import { startView } from "./wire/page.ts";
import { relayTcp } from "./wire/tcp.ts";
import { drawLive } from "./wire/terminal.ts";
import { relayUdp } from "./wire/udp.ts";

const usage =
  "wire.ts [--host HOST] [--port PORT] --to HOST:PORT [--tcp] [--loss SHARE] [--delay MS] [--seed N] [--view PORT] [--save PATH]";
const {
  host,
  port: given,
  flags,
} = readFlags(usage, {
  to: { type: "string" },
  tcp: { type: "boolean" },
  loss: { type: "string" },
  delay: { type: "string" },
  seed: { type: "string" },
  view: { type: "string" },
  save: { type: "string" },
});
const port = flags.port === undefined && !process.env.PORT ? 9999 : given; // beside the course's 8888
const to = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(String(flags.to ?? ""));
const view = String(flags.view ?? 0);
if (!to || !(Number(to[2]) >= 1 && Number(to[2]) <= 65535))
  usageError(flags.to ? say("badTo", JSON.stringify(flags.to)) : say("noTo", usage));
const loss = numberFlag(flags, "loss", 0, [0, 1], (shown) => say("badLoss", shown));
if (flags.tcp && loss > 0) usageError(say("wire.lossIsUdp"));
const delayMs = numberFlag(flags, "delay", 0, [0, 60_000], (shown) => say("badDelay", shown));
if (flags.seed !== undefined && !/^\d{1,9}$/.test(String(flags.seed))) usageError(say("badSeed", JSON.stringify(flags.seed)));
if (!/^\d{1,5}$/.test(view) || Number(view) > 65535) usageError(say("wire.badView", JSON.stringify(flags.view)));
const server = { host: to[1] as string, port: Number(to[2]) };
const protocol = flags.tcp ? "TCP" : "UDP";
const started = new Date();

const run = new Run(protocol, formatAddress(server.host, server.port));
const relay =
  protocol === "UDP"
    ? relayUdp(run, { host, port }, server, { loss, delayMs, random: flags.seed === undefined ? Math.random : seeded(Number(flags.seed)) })
    : relayTcp(run, { host, port }, server, delayMs);
let relaying = false; // a port in use ends wire.ts; a later error is only reported
relay.socket.on("error", (err) =>
  relaying ? console.error(`warning: ${explainSocketError(err, host, port)}`) : fail(explainSocketError(err, host, port)),
);

// A server's name that does not resolve is said now, not drawn later as a reset or a datagram that went nowhere.
await lookup(server.host).catch(() => fail(say("noSuchHost", server.host, "")));
const bound = await relay.bound;
relaying = true;
const listening = formatAddress(host, bound);
console.log(say(loss > 0 ? "wire.listeningLossy" : "wire.listening", listening, protocol, run.server, Math.round(loss * 100)));
const page = await startView(run, Number(view)).catch(() => fail(say("wire.viewInUse", view)));
console.log(say("wire.view", page.port));
const stopDrawing = drawLive(run, (line) => console.log(line));

/** What went through, for the end: counted from every event, also those a flood left undrawn. */
const totals = { datagrams: 0, lost: 0, up: 0, down: 0 };
run.onEvent((event) => {
  if (event.kind === "datagram") totals.datagrams++;
  if (event.lost) totals.lost++;
  if (event.kind === "data" || event.kind === "datagram") totals[event.up ? "up" : "down"] += event.size ?? 0;
});

// Ctrl-C: stop relaying, save the diagram, say what went through.
function finish() {
  stopDrawing();
  relay.close();
  page.close();
  const summary =
    protocol === "UDP"
      ? say("wire.totalsUdp", totals.datagrams, totals.datagrams - totals.lost, totals.lost, run.lanes.length)
      : say("wire.totalsTcp", run.lanes.length, totals.up, totals.down);
  if (run.events.length === 0) {
    console.log(`\n${summary}\n${say("wire.nothingToSave")}`); // no file for a run that saw nothing
    process.exit(0);
  }
  const stamp = started.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const file = String(flags.save ?? `wire-${stamp}.md`);
  const title = `wire.ts: ${listening} → ${run.server} (${protocol}), ${started.toISOString().slice(0, 16).replace("T", " ")}`;
  try {
    writeFileSync(file, runAsMarkdown(run, title, summary));
    console.log(`\n${summary}\n${say("wire.saved", file)}`);
  } catch (err) {
    console.log(`\n${summary}`);
    console.error(`error: ${say("wire.cannotSave", file, fileProblem(err as NodeJS.ErrnoException))}`);
    process.exit(1);
  }
  process.exit(0);
}
process.on("SIGINT", finish).on("SIGTERM", finish);
