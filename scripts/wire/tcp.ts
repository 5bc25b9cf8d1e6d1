/**
 * wire.ts's TCP relay: each connection a client opens is a connection of the relay's own to the server;
 * the bytes are passed on both ways as they come, each chunk as the relay read it an event, so that three
 * quick sends that arrive as one read show as one arrow (粘包). With --delay the relay is a slow reader:
 * it reads each side at most once every delay ms, and what came meanwhile is one read. A side's close
 * (FIN) is passed on as a close, a reset (RST) as a reset.
 */
import net from "node:net";
import { chunkLabel, type Run, SHOWN_BYTES } from "./events.ts";

export function relayTcp(run: Run, listen: { host: string; port: number }, to: { host: string; port: number }, delayMs: number) {
  const open = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const lane = run.lane(`${client.remoteAddress}:${client.remotePort}`, true); // a lane for each connection
    run.add({ kind: "open", lane, up: true, label: "连接 connect (SYN)" });
    const upstream = net.connect({ host: to.host, port: to.port, allowHalfOpen: true });
    open.add(client).add(upstream);
    let ended = false; // a reset after an orderly close is not news
    /** A slow reader: after a read (and at first, and once the request is passed on), that side is not read for delayMs. */
    const resting = new Map<net.Socket, NodeJS.Timeout>();
    const readSlowly = (socket: net.Socket) => {
      if (delayMs === 0) return;
      socket.pause();
      clearTimeout(resting.get(socket)); // one rest at a time: the last one counts
      resting.set(
        socket,
        setTimeout(() => socket.resume(), delayMs),
      );
    };
    readSlowly(client);
    const chunk = (data: Buffer, up: boolean) =>
      run.add({ kind: "data", lane, up, bytes: data.subarray(0, SHOWN_BYTES), size: data.length, label: chunkLabel(data) });
    client.on("data", (data) => {
      chunk(data, true);
      upstream.write(data);
      readSlowly(client);
      readSlowly(upstream); // its answer, however many writes make it, is read as it stands delayMs from now
    });
    upstream.on("data", (data) => {
      chunk(data, false);
      client.write(data);
      readSlowly(upstream);
    });
    client.on("end", () => {
      run.add({ kind: "close", lane, up: true, label: "关闭 close (FIN)" });
      upstream.end();
    });
    upstream.on("end", () => {
      run.add({ kind: "close", lane, up: false, label: "关闭 close (FIN)" });
      client.end();
    });
    const reset = (up: boolean, other: net.Socket) => (err: NodeJS.ErrnoException) => {
      if (err.code === "ECONNREFUSED") run.add({ kind: "refused", lane, up: false, label: "拒绝连接 refused (RST)" });
      else if (!ended) run.add({ kind: "reset", lane, up, label: "重置 reset (RST)" });
      ended = true;
      other.resetAndDestroy();
    };
    client.on("error", reset(true, upstream));
    upstream.on("error", reset(false, client));
    client.on("close", () => {
      open.delete(client);
      for (const timer of resting.values()) clearTimeout(timer);
    });
    upstream.on("close", () => {
      open.delete(upstream);
      if (!client.destroyed && client.writableEnded && upstream.readableEnded) ended = true;
    });
  });
  return {
    socket: server,
    bound: new Promise<number>((resolve) =>
      server.listen(listen.port, listen.host, () => resolve((server.address() as net.AddressInfo).port)),
    ),
    close() {
      server.close();
      for (const socket of open) socket.destroy();
    },
  };
}
