/**
 * Waiting for a reply datagram with a time limit. UDP promises nothing: a
 * datagram or its reply may be lost, and nothing says so when no server is
 * listening. The course's client waits in recvfrom(1024) for ever; ours
 * waits --timeout seconds, then says that no reply came.
 */
import type { Socket } from "node:dgram";
import { formatAddress, origin } from "./address.ts";
import { say } from "./say.ts";

/** The largest payload of one UDP datagram over IPv4 (65,535 − 8 − 20). */
export const MAX_UDP_PAYLOAD = 65_507;

/**
 * The next datagram that arrives on `socket`, or null when none came within
 * `seconds` (or the socket was closed).
 */
export function receiveReply(socket: Socket, seconds: number): Promise<Buffer | null> {
  return receiveWanted(socket, seconds, () => true);
}

/**
 * The next datagram on `socket` that `wanted` takes, or null when none came
 * within `seconds` (or the socket was closed). Datagrams it refuses, such as
 * a late reply to an earlier request, are passed over and the wait goes on.
 */
export function receiveWanted(socket: Socket, seconds: number, wanted: (data: Buffer) => boolean): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const done = (data?: Buffer) => {
      clearTimeout(timer);
      socket.off("message", look).off("close", done);
      resolve(data ?? null);
    };
    const look = (data: Buffer) => wanted(data) && done(data);
    const timer = setTimeout(done, seconds * 1000);
    socket.on("message", look).once("close", done);
  });
}

/** What a client says when no reply came in time. */
export function noReplyMessage(host: string, port: number, seconds: number): string {
  return say("noReply", formatAddress(host, port), seconds);
}

/** What a client says when a line does not fit in one datagram. */
export function tooLargeMessage(bytes: number): string {
  return say("tooLarge", bytes, MAX_UDP_PAYLOAD);
}

/** What a client says when its datagram cannot be sent: a host name that is not found, in both languages. */
export function sendProblem(err: NodeJS.ErrnoException, host: string): string {
  return err.code === "ENOTFOUND" || err.code === "EAI_AGAIN" ? say("noSuchHost", host, origin.host) : err.message;
}
