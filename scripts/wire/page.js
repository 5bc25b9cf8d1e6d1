// wire.ts's page: draws the run's sequence diagram as SVG from the events it is sent. Everything that came
// from the network is set with textContent, never as markup.
const SVG = "http://www.w3.org/2000/svg";
const ROW = 28;
const TOP = 64;
const svg = document.getElementById("diagram");
const details = document.getElementById("details");
const events = [];
let run = { protocol: "UDP", server: "" };

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** The lanes' x positions: a lane for each client (or connection) on the left, the server on the right. */
function layout() {
  const lanes = Math.max(1, ...events.map((event) => event.lane));
  const width = Math.max(720, 180 * lanes + 360);
  const x = (lane) => 90 + (lane - 1) * 180;
  return { lanes, width, x, server: width - 90 };
}

function show(event) {
  const way = event.up ? "客户端 → 服务端 client → server" : "服务端 → 客户端 server → client";
  details.textContent = [
    `${(event.at / 1000).toFixed(3)} s  #${event.lane} ${event.client}  ${way}`,
    `${event.label}${event.lost ? "  ✗ 丢掉 dropped" : ""}`,
    event.size === undefined ? "" : `\n${event.size} 字节 bytes:\n${event.text}\n\n十六进制 hex:\n${event.hex}`,
  ].join("\n");
  for (const node of svg.querySelectorAll(".chosen")) node.classList.remove("chosen");
  document.getElementById(`arrow-${events.indexOf(event)}`)?.classList.add("chosen");
}

function draw() {
  const { lanes, width, x, server } = layout();
  const height = TOP + ROW * (events.length + 1);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  for (const node of [...svg.childNodes]) if (node.nodeName !== "defs") node.remove();
  const names = new Map(events.map((event) => [event.lane, event.client]));
  for (let lane = 1; lane <= lanes; lane++) {
    const who = run.protocol === "UDP" ? `客户端 client ${lane}` : `连接 connection ${lane}`;
    svg.append(element("text", { x: x(lane), y: 20, "text-anchor": "middle" }, who));
    svg.append(element("text", { x: x(lane), y: 38, "text-anchor": "middle" }, names.get(lane) ?? ""));
    svg.append(element("line", { x1: x(lane), y1: 46, x2: x(lane), y2: height, class: "lane" }));
  }
  svg.append(element("text", { x: server, y: 20, "text-anchor": "middle" }, "服务端 server"));
  svg.append(element("text", { x: server, y: 38, "text-anchor": "middle" }, run.server));
  svg.append(element("line", { x1: server, y1: 46, x2: server, y2: height, class: "lane" }));
  events.forEach((event, i) => {
    const y = TOP + ROW * i + 12;
    const [from, to] = event.up ? [x(event.lane), server] : [server, x(event.lane)];
    const end = event.lost ? from + (to - from) * 0.6 : to;
    const kind = [
      "arrow",
      event.up ? "up" : "down",
      event.lost ? "lost" : "",
      event.kind === "data" || event.kind === "datagram" ? "" : "conn",
    ];
    const arrow = element("line", { id: `arrow-${i}`, x1: from, y1: y, x2: end, y2: y, class: kind.join(" ").trim() });
    if (!event.lost) arrow.setAttribute("marker-end", "url(#head)");
    arrow.addEventListener("click", () => show(event));
    svg.append(arrow);
    if (event.lost) svg.append(element("text", { x: end, y: y + 5, "text-anchor": "middle", fill: "#b3261e" }, "✗"));
    const label = element("text", { x: (from + to) / 2, y: y - 5, "text-anchor": "middle", class: "label" }, event.label);
    label.addEventListener("click", () => show(event));
    svg.append(label);
    svg.append(element("text", { x: 4, y: y + 4 }, `${(event.at / 1000).toFixed(3)}`));
  });
}

const stream = new EventSource("/events");
stream.addEventListener("run", (message) => {
  run = JSON.parse(message.data);
  document.getElementById("title").textContent = `wire.ts：${run.protocol}，转发到 relaying to ${run.server}`;
  events.length = 0;
  draw();
});
let pending = false;
stream.addEventListener("wire", (message) => {
  events.push(JSON.parse(message.data));
  if (pending) return;
  pending = true; // one drawing for all that came at once
  requestAnimationFrame(() => {
    pending = false;
    draw();
  });
});
stream.addEventListener("more", (message) => {
  const count = JSON.parse(message.data);
  document.getElementById("more").textContent = `…还有 ${count} 个没有画出来 — ${count} more not drawn`;
});
