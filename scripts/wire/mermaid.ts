/**
 * wire.ts's record of a run, for the learner's notes: Markdown with a mermaid sequence diagram, which
 * Typora, Obsidian and GitHub draw. A lost datagram is mermaid's lost-message arrow (-x). Text from the
 * network is written as mermaid's entity codes (#59; for ;), so no byte can end a line or a statement.
 */
import type { Run, WireEvent } from "./events.ts";

/** Text safe in a mermaid message or name: letters, digits, spaces and . / - kept, anything else as #code;. */
/** Mermaid's own limit on a diagram's text is 50,000 characters; this leaves room for the note. */
const MAX_TEXT = 45_000;

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
  // Mermaid draws no diagram over MAX_TEXT characters: the arrows past that are counted in a note.
  let size = lines.join("\n").length;
  let left = run.notKept;
  for (const event of run.events) {
    const line = arrow(event);
    if (left > 0 || size + line.length > MAX_TEXT || event.lane > run.lanes.length) left++;
    else lines.push(line);
    size += line.length + 1;
  }
  if (left > 0) {
    const where = run.lanes.length > 0 ? "C1,S" : "S";
    lines.push(`  Note over ${where}: ${mermaidText(`… 还有 ${left} 个没有画出来 — ${left} more not drawn`)}`);
  }
  lines.push("```", "", totals, "");
  return lines.join("\n");
}
