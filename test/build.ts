/**
 * Builds the lesson scripts, lib/ and the checker into JavaScript for the tests: the same
 * code with its types stripped by esbuild (as tsx strips them), which starts
 * in a fifth of tsx's time. Each file is built on its own, its imports of
 * other .ts files pointed at their built .mjs, with an inline source map, so
 * that c8's coverage maps back to scripts/, lib/ and check/ line for line. Links to
 * index.html and fixtures/ sit beside the built folders, so that a lesson
 * finds its files where the script would; so does lib/help.json.
 *
 * test/run.ts builds them and tells the suites where (LESSON_BUNDLES); a
 * suite run on its own, or by test/runtimes.ts, runs the .ts files with tsx.
 */
import { mkdirSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

export async function buildLessons(root: string): Promise<string> {
  const out = join(root, ".build");
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const sources = ["scripts", "lib", "check"].flatMap((folder) =>
    readdirSync(join(root, folder), { recursive: true, encoding: "utf8" }) // check/exercises/ too
      // The tour starts the lessons itself, with tsx; copy_lesson copies the .ts sources beside it.
      .filter((name) => name.endsWith(".ts") && name !== "tour.ts" && name !== "copy_lesson.ts")
      .map((name) => join(root, folder, name)),
  );
  await build({
    entryPoints: sources,
    outbase: root,
    outdir: out,
    outExtension: { ".js": ".mjs" },
    bundle: true, // to see the imports: each one is kept as an import, below
    plugins: [
      {
        name: "keep-imports",
        setup(esbuild) {
          esbuild.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => ({ path: args.path.replace(/\.ts$/, ".mjs"), external: true }));
        },
      },
    ],
    packages: "external",
    platform: "node",
    format: "esm",
    target: "node20",
    sourcemap: "inline",
    logLevel: "error",
  });
  mkdirSync(join(root, ".check"), { recursive: true }); // where the checker keeps the passes, built or not
  for (const file of [
    "index.html",
    "fixtures",
    "lib/help.json",
    "lib/messages.json",
    ".check",
    "scripts/wire/page.html",
    "scripts/wire/page.js",
  ])
    symlinkSync(join(root, file), join(out, file));
  return join(out, "scripts");
}
