/**
 * How a check run is told: a line for each check (✓, ✗, or - for one not checked) with what was sent,
 * what came back and the likely mistake under a failed one; the summary; and which exercises have
 * passed on this machine.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { showText } from "../lib/safe_text.ts";
import type { Outcome, Words } from "./types.ts";

/** Which exercises the learner's own programs have passed on this machine (gitignored); the tests keep theirs apart. */
export const passesFile = () =>
  process.env.SOCKET_LESSONS_PASSES ?? join(fileURLToPath(new URL("..", import.meta.url)), ".check", "passed.json");

export function readPasses(): Record<string, string> {
  try {
    return JSON.parse(readFileSync(passesFile(), "utf8"));
  } catch {
    return {};
  }
}

export function recordPass(exercise: string) {
  const passes = { ...readPasses(), [exercise]: new Date().toISOString().slice(0, 10) };
  mkdirSync(dirname(passesFile()), { recursive: true });
  writeFileSync(passesFile(), `${JSON.stringify(passes, null, 2)}\n`);
}

/** The tail of what a program printed, shown safely. */
export function tail(output: string): string {
  const text = output.trim();
  if (text === "") return "      （什么也没打印 it printed nothing）";
  return text
    .split("\n")
    .slice(-6)
    .map((line) => `      │ ${showText(line).slice(0, 160)}`)
    .join("\n");
}

/** The labels of a failed check's lines, in both languages, and how far the English line of `likely` is indented. */
const LABELS = { sent: "发送 sent:    ", got: "收到 got:     ", likely: "原因 likely:  ", width: 14 };

/** A check's line, and under a failed one what was sent, what came back, and the likely mistake. */
export function describeOutcome(check: Words, outcome: Outcome, further: boolean): string[] {
  const mark = { pass: "✓", fail: "✗", skip: "-" }[outcome.status]; // a check that could not run after a crash did not pass
  const lines = [`${further ? "  " : ""}${mark} ${check[0]} — ${check[1]}`];
  const pad = further ? "      " : "    ";
  if (outcome.unchecked) lines.push(`${pad}未检查 not checked: ${outcome.unchecked[0]} — ${outcome.unchecked[1]}`);
  if (outcome.status !== "fail") return lines;
  if (outcome.sent) lines.push(`${pad}${LABELS.sent}${outcome.sent}`);
  if (outcome.got) lines.push(`${pad}${LABELS.got}${outcome.got}`);
  if (outcome.why) lines.push(`${pad}${LABELS.likely}${outcome.why[0]}`, `${pad}${" ".repeat(LABELS.width)}${outcome.why[1]}`);
  return lines;
}

/** The last line: how many of the required checks passed, failed, or could not be checked. */
export function summary(required: number, passed: number, failed: number): string {
  if (passed === required)
    return `通过：必需的 ${required} 项检查通过了 ${passed} 项 — passed: ${passed} of ${required} required checks passed.`;
  const notChecked = required - failed - passed; // a check it needs did not pass, or there was no program to watch
  if (failed === 0) {
    return `未通过：必需的 ${required} 项检查通过了 ${passed} 项，${notChecked} 项没法检查 — not yet: ${passed} of ${required} required checks passed; ${notChecked} could not be checked.`;
  }
  const others: Words = notChecked > 0 ? [`，${notChecked} 项没有检查`, `, ${notChecked} could not be checked`] : ["", ""];
  return `未通过：必需的 ${required} 项检查有 ${failed} 项没有通过${others[0]} — not yet: ${failed} of ${required} required checks did not pass${others[1]}.`;
}

export const WINDOWS_FORCED_STOP: Words = [
  "注意：在 Windows 上，检查器只能强制结束你的程序（Windows 不能向另一个控制台里的程序发送 Ctrl-C），程序收到 Ctrl-C 时要做的事不会运行。",
  "Note: on Windows the checker stops your program by force (Windows cannot send Ctrl-C to another console's program), so what it does on Ctrl-C does not run.",
];
