/** Every exercise, in the course's order: one import and one line each. A new one is its file, and a line here. */
import homePage from "./home-page.ts";
import keepAlive from "./keep-alive.ts";
import showRequest from "./show-request.ts";
import udpClient from "./udp-client.ts";
import udpPing from "./udp-ping.ts";
import udpServer from "./udp-server.ts";
import wordClient from "./word-client.ts";
import wordServer from "./word-server.ts";

export const EXERCISES = [udpServer, udpClient, wordServer, wordClient, udpPing, showRequest, homePage, keepAlive];

/** The exercise called `name`, or undefined. */
export const exerciseNamed = (name: string) => EXERCISES.find((exercise) => exercise.name === name);
