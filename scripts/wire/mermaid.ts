/**
 * wire.ts's record of a run, for the learner's notes: Markdown with a mermaid sequence diagram, which
 * Typora, Obsidian and GitHub draw. A lost datagram is mermaid's lost-message arrow (-x). Text from the
 * network is written as mermaid's entity codes (#59; for ;), so no byte can end a line or a statement.
 */
import type { Run, WireEvent } from "./events.ts";

/** Text safe in a mermaid message or name: letters, digits, spaces and . / - kept, anything else as #code;. */
export const mermaidText = (text: string) => text.replace(/[^\p{L}\p{N} ./-]/gu, (ch) => `#${ch.codePointAt(0)};`);

function arrow(event: WireEvent): string {
  const [from, to] = event.up ? [`C${event.lane}`, "S"] : ["S", `C${event.lane}`];
  const kind = event.lost ? "-x" : event.up ? "->>" : "-->>";
  const lost = event.lost ? " ✗ 丢失 lost" : "";
  return `  ${from}${kind}${to}: ${mermaidText(`${(event.at / 1000).toFixed(3)} s ${event.label}`)}${mermaidText(lost)}`;
}

/** The whole run as Markdown: a title, the diagram, and the totals. */
export function runAsMarkdown(run: Run, title: string, totals: string): string {
  const lines = [`# ${title}`, "", "```mermaid", "sequenceDiagram"];
  for (const lane of run.lanes) {
    const who = run.protocol === "UDP" ? `客户端 client ${lane.number}` : `连接 connection ${lane.number}`;
    lines.push(`  participant C${lane.number} as ${mermaidText(`${who} ${lane.client}`)}`);
  }
  lines.push(`  participant S as ${mermaidText(`服务端 server ${run.server}`)}`);
  for (const event of run.events) lines.push(arrow(event));
  if (run.notKept > 0) {
    const last = run.lanes.length > 0 ? "C1,S" : "S";
    lines.push(`  Note over ${last}: ${mermaidText(`… 还有 ${run.notKept} 个没有记下 — ${run.notKept} more not kept`)}`);
  }
  lines.push("```", "", totals, "");
  return lines.join("\n");
}
