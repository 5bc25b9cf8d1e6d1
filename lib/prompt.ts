/**
 * Lines typed at a prompt, or piped in, for the clients: Python's
 * `input("Msg>>> ")` in a loop that ends at an empty line or at the end of
 * input (Ctrl-D, or the end of a pipe).
 */
import { createInterface } from "node:readline";

/**
 * Shows `prompt`, yields each line typed, and shows the prompt again once
 * the loop body is done. Ends at an empty line or the end of input.
 */
export async function* promptLines(prompt: string): AsyncGenerator<string> {
  const input = createInterface({ input: process.stdin, output: process.stdout, prompt });
  // Ctrl-C at a terminal prompt reaches readline, not the process: pass it on.
  input.on("SIGINT", () => process.emit("SIGINT", "SIGINT"));
  // At the end of piped input, readline may close while lines it read are
  // still to come (on Deno and Bun); its prompt() then throws: write it out.
  let closed = false;
  input.on("close", () => {
    closed = true;
  });
  const ask = () => (closed ? process.stdout.write(prompt) : input.prompt());
  try {
    ask();
    for await (const line of input) {
      if (line === "") return;
      yield line;
      ask();
    }
    // The end of input leaves the cursor after the prompt: end that line.
    process.stdout.write("\n");
  } finally {
    input.close();
  }
}
