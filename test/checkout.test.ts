/**
 * A Windows clone keeps every file as it is here: with core.autocrlf=true (Git for Windows' default) the
 * .gitattributes rule keeps LF, so index.html is the same bytes everywhere and the checker's
 * byte-for-byte check means the same on every machine.
 */
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import { $ } from "zx";
import { ROOT } from "./helpers.ts";

test("a clone with core.autocrlf=true has the same index.html, byte for byte, and no CR in any text file", async () => {
  const folder = mkdtempSync(join(tmpdir(), "autocrlf-"));
  try {
    await $`git -c core.autocrlf=true clone --quiet --no-hardlinks ${ROOT} ${folder}/clone`;
    const committed = await $({ cwd: ROOT })`git show HEAD:index.html`;
    assert.ok(readFileSync(join(folder, "clone", "index.html")).equals(Buffer.from(committed.stdout)), "index.html is the committed bytes");
    const withCr = await $({ cwd: join(folder, "clone"), nothrow: true })`git grep -I -l ${"\r"} -- .`;
    assert.equal(withCr.stdout.trim(), "", "text files with a CR in the Windows-style clone");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test.run();
