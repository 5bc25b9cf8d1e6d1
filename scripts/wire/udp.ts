/**
 * wire.ts's UDP relay: each datagram from a client is passed on to the server from a socket of that
 * client's own (so the server's reply finds its way back), or dropped with the chance --loss; each one is
 * an event of the run, on the lane of its client.
 */
import dgram from "node:dgram";
import { udpType } from "../../lib/address.ts";
import { bytesLabel, type Run, SHOWN_BYTES } from "./events.ts";

export interface Passing {
  /** The share of datagrams to drop, both ways, and how long to hold each one passed on. */
  loss: number;
  delayMs: number;
  random: () => number;
}

/** Binds host:port and relays to the server; resolves with the socket once bound (its error is the caller's). */
export function relayUdp(run: Run, listen: { host: string; port: number }, to: { host: string; port: number }, passing: Passing) {
  const relay = dgram.createSocket(udpType(listen.host));
  const toServer = new Map<string, dgram.Socket>(); // a socket toward the server for each client
  const pass = (data: Buffer, lane: number, up: boolean, send: () => void) => {
    const lost = passing.random() < passing.loss;
    run.add({ kind: "datagram", lane, up, lost, bytes: data.subarray(0, SHOWN_BYTES), size: data.length, label: bytesLabel(data) });
    if (!lost) setTimeout(send, passing.delayMs);
  };
  relay.on("message", (data, client) => {
    const who = `${client.address}:${client.port}`;
    const lane = run.lane(who);
    let socket = toServer.get(who);
    if (socket === undefined) {
      const own = dgram.createSocket(udpType(to.host)).on("error", () => {}); // an unreachable server: no reply, as UDP goes
      own.on("message", (reply) => pass(reply, lane, false, () => relay.send(reply, client.port, client.address)));
      toServer.set(who, own);
      socket = own;
    }
    const out = socket;
    pass(data, lane, true, () => out.send(data, to.port, to.host));
  });
  return {
    socket: relay,
    bound: new Promise<number>((resolve) => relay.bind(listen.port, listen.host, () => resolve(relay.address().port))),
    close() {
      relay.close();
      for (const socket of toServer.values()) socket.close();
    },
  };
}
