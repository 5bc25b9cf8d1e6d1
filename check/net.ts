/**
 * What the checker does on the network: sends datagrams and waits for
 * replies, plays a UDP server for a client, sends bytes over raw TCP
 * connections that close with a reset.
 */
import { randomBytes } from "node:crypto";
import dgram from "node:dgram";
import net from "node:net";

export interface Reply {
  data: Buffer;
  /** Where the reply came from. */
  from: dgram.RemoteInfo;
}

/** Sends one datagram from a fresh socket; resolves with the first reply, or null after `ms`. */
export function askUdp(host: string, port: number, message: Buffer | string, ms: number): Promise<Reply | null> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
    const done = (reply: Reply | null) => {
      clearTimeout(timer);
      socket.close();
      resolve(reply);
    };
    const timer = setTimeout(() => done(null), ms);
    socket.on("error", () => done(null)); // ICMP port unreachable, on some systems: no reply
    socket.on("message", (data, from) => done({ data, from }));
    socket.send(message, port, host);
  });
}

/**
 * How long to wait for an answer, fitted to this machine: ten times the slowest round trip seen so far,
 * no less than 1 s and no more than 2 s; 2 s until one is seen. A correct program answers in a fraction
 * of that, so a failing check is told within about a second, and a machine whose cores are busy with
 * other work still gives a correct program the room it needs (300 ms was seen to be too little).
 */
export function replyWindow(floor = 1_000, ceiling = 2_000) {
  let slowest: number | undefined;
  return {
    ms: () => (slowest === undefined ? ceiling : Math.min(ceiling, Math.max(floor, Math.ceil(10 * slowest)))),
    saw(roundTripMs: number) {
      slowest = Math.max(slowest ?? 0, roundTripMs);
    },
  };
}

/** A UDP socket bound where a client will send, for the checker to play the server. */
export interface FakeServer {
  /** The next datagram, or null after `ms`, or once `stop` settles (the client has ended, say). */
  next(ms: number, stop?: Promise<unknown>): Promise<Reply | null>;
  send(data: Buffer | string, to: dgram.RemoteInfo): void;
  close(): void;
}

/** Binds host:port; rejects with the socket error (EADDRINUSE, say) when it cannot. */
export async function fakeServer(host: string, port: number): Promise<FakeServer> {
  const socket = dgram.createSocket(net.isIPv6(host) ? "udp6" : "udp4");
  const queue: Reply[] = [];
  let waiting: ((reply: Reply) => void) | undefined;
  socket.on("message", (data, from) => {
    if (waiting) waiting({ data, from });
    else queue.push({ data, from });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, host, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  socket.on("error", () => {}); // a reply that cannot be sent: the check sees no answer
  return {
    next: (ms, stop) =>
      new Promise((resolve) => {
        const queued = queue.shift();
        if (queued) return resolve(queued);
        const done = (reply: Reply | null) => {
          clearTimeout(timer);
          waiting = undefined; // a datagram that comes later waits in the queue for the next call
          resolve(reply);
        };
        const timer = setTimeout(() => done(null), ms);
        waiting = done;
        stop?.then(() => waiting === done && done(null));
      }),
    send: (data, to) => {
      try {
        socket.send(data, to.port, to.address);
      } catch {
        // closed already: a reply held back (udp-ping's) that comes due after the checks
      }
    },
    close: () => {
      try {
        socket.close();
      } catch {
        // closed already
      }
    },
  };
}

export interface HttpExchange {
  /** Everything the server sent before it closed, or before `ms` passed. */
  bytes: Buffer;
  closed: boolean;
  /** A connection that could not be made: ECONNREFUSED and the like. */
  error?: string;
}

/**
 * Connects, sends `request`, and collects what comes back until the server closes or `ms` pass. It
 * closes with a reset (never a FIN of its own), so the server's end of the connection is gone at once
 * instead of waiting in TIME_WAIT, and the learner's server can be started again on the same port.
 */
export function exchangeHttp(host: string, port: number, request: string | Buffer, ms: number): Promise<HttpExchange> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, allowHalfOpen: true }); // the server's FIN is not answered with ours
    const chunks: Buffer[] = [];
    let settled = false;
    const done = (closed: boolean, error?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.resetAndDestroy();
      resolve({ bytes: Buffer.concat(chunks), closed, ...(error ? { error } : {}) });
    };
    const timer = setTimeout(() => done(false), ms);
    socket.on("connect", () => socket.write(request));
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("end", () => done(true));
    socket.on("close", () => done(true));
    socket.on("error", (err: NodeJS.ErrnoException) => done(true, chunks.length ? undefined : (err.code ?? err.message)));
  });
}

/**
 * A connection opened and closed with nothing sent, as a browser's spare one: resolves once the server
 * has closed its end (true), or after `ms` (false). This one ends with a FIN, as a browser's does.
 */
export function emptyConnection(host: string, port: number, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => done(false), ms);
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(closed);
    };
    socket.on("connect", () => socket.end());
    socket.on("data", () => {}); // an answer to nothing is allowed
    socket.on("close", () => done(true));
    socket.on("error", () => done(true));
  });
}

/**
 * A TCP relay on a free port of 127.0.0.1 to host:port, for clients the checker does not write itself (a
 * browser): its connections to the server close with a reset, as exchangeHttp's do, so that no visit
 * leaves the learner's port in TIME_WAIT.
 */
export async function resettingRelay(host: string, port: number): Promise<{ port: number; close(): void }> {
  const pairs = new Set<net.Socket>();
  const relay = net.createServer({ allowHalfOpen: true }, (client) => {
    const server = net.connect({ host, port, allowHalfOpen: true });
    pairs.add(client).add(server);
    client.pipe(server, { end: false });
    server.pipe(client, { end: false });
    // The browser is done: the server reads the end (recv returns b''), as from the browser itself, and the
    // TIME_WAIT of that connection is the relay's.
    client.on("end", () => server.end());
    // The server closed first: a reset, so that its end of the connection leaves no TIME_WAIT on the
    // learner's port; the browser still gets all that came, then the end.
    server.on("end", () => {
      server.resetAndDestroy();
      client.end();
    });
    client.on("close", () => {
      // The browser is gone (a tab closed resets its connections): when the server has closed its end already,
      // or is about to, a FIN from here could cross its own and leave both in TIME_WAIT; a reset leaves none.
      if (server.readableEnded || server.writableEnded) server.resetAndDestroy();
      else server.end();
      pairs.delete(client);
    });
    server.on("close", () => pairs.delete(server));
    client.on("error", () => client.destroy());
    server.on("error", () => client.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    close() {
      relay.close();
      for (const socket of pairs) socket.destroy();
    },
  };
}

/** Resolves true once `test` holds, looking every 50 ms; false after `ms`, or as soon as `stop` is true. */
export async function until(test: () => boolean, ms: number, stop: () => boolean = () => false): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (stop() || Date.now() > deadline) return false;
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return true;
}

/** A word that no program prints by chance, to send and look for. */
export const token = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;
