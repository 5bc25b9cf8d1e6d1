import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "uvu";
import { ROOT, run } from "./helpers.ts";

test("the tour names every lesson script", async () => {
  const { code, stdout } = await run("tour");
  assert.equal(code, 0);
  const lessons = readdirSync(`${ROOT}/scripts`).filter((name) => name.endsWith(".ts") && name !== "tour.ts");
  assert.ok(lessons.length >= 2);
  for (const lesson of lessons) assert.match(stdout, new RegExp(`npx tsx scripts/${lesson.replace(".", "\\.")}`), lesson);
});

test.run();
