/**
 * Copies a lesson into a folder of your own to make it your exercise: the lesson, the lib/ files it
 * imports (and those they import), the JSON files lib/ reads, and the files the lesson reads (the word
 * book, the page), in the same layout, so that the copy runs as the lesson does. It prints each file,
 * and never writes over one that is already there.
 * Run: npx tsx scripts/copy_lesson.ts --lesson http_home --into my-home
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { readFlags, usageError } from "../lib/address.ts";
import { fail } from "../lib/exits.ts";
import { say } from "../lib/say.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const USAGE = "copy_lesson.ts --lesson NAME --into FOLDER";
const { flags } = readFlags(USAGE, { lesson: { type: "string" }, into: { type: "string" } });
if (flags.host !== undefined || flags.port !== undefined) usageError(say("copy.noAddress"));

/** What each lesson reads besides its code, by default: found where the lesson looks, beside scripts/. */
const READS: Record<string, string[]> = {
  word_server: ["fixtures/dict.txt"],
  http_home: ["index.html"],
  http_keep_alive: ["index.html"],
};
const TOOLS = new Set(["copy_lesson", "tour", "wire"]); // not lessons: nothing to make an exercise of
const lessons = readdirSync(join(ROOT, "scripts"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .filter((name) => !TOOLS.has(name));
const lesson = String(flags.lesson ?? "")
  .replace(/^scripts[\\/]/, "")
  .replace(/\.ts$/, ""); // http_home, scripts/http_home.ts
if (!lessons.includes(lesson)) usageError(say("copy.noSuchLesson", JSON.stringify(lesson), lessons.join(", "), USAGE));
if (typeof flags.into !== "string" || flags.into.trim() === "") usageError(say("copy.noFolder", USAGE));
const into = resolve(flags.into);
// Inside the project, the project's package.json makes the copy an ES module, and npx tsx finds the project's tsx.
const fromRoot = relative(ROOT, into); // "..\\x" or "D:\\x" on Windows for a folder outside
if (fromRoot === "" || fromRoot.startsWith("..") || isAbsolute(fromRoot)) usageError(say("copy.outsideProject", into));

// The lesson and every .ts file it imports, and what those import, as paths from the project's folder.
const files = [`scripts/${lesson}.ts`];
for (const file of files) {
  for (const [, path = ""] of readFileSync(join(ROOT, file), "utf8").matchAll(/^import .* from "(\.\.?\/[^"]+\.ts)";$/gm)) {
    const imported = relative(ROOT, resolve(ROOT, dirname(file), path)).replaceAll("\\", "/");
    if (!files.includes(imported)) files.push(imported);
  }
}
files.push("lib/messages.json", "lib/help.json", ...(READS[lesson] ?? [])); // read by lib/say.ts, by --help, by the lesson

const shown = (file: string) => relative(process.cwd(), join(into, file)); // my-home/lib/say.ts, from where you are
const there = files.filter((file) => existsSync(join(into, file)));
if (there.length > 0) fail(say("copy.wouldOverwrite", there.map(shown).join(", ")));
for (const file of files) {
  mkdirSync(dirname(join(into, file)), { recursive: true });
  copyFileSync(join(ROOT, file), join(into, file));
  console.log(`  ${shown(file)}`);
}
console.log(say("copy.done", files.length, `npx tsx ${shown(`scripts/${lesson}.ts`)}`));
