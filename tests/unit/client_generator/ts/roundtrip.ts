// Run under node against the live demo server: node dist/roundtrip.js <host:port>
import WS from "ws";
import { EchoRoomClient } from "./client/index.js";

const address = process.argv[2] ?? "127.0.0.1:8000";
const client = new EchoRoomClient(address, {
  pathParams: { room: "lobby" },
  webSocketFactory: (url) => new WS(url),
});
const seen: unknown[] = [];
const timer = setTimeout(() => {
  console.error(JSON.stringify({ timeout: true, seen }));
  process.exit(2);
}, 15000);

client.onEchoReply((message) => {
  seen.push(message);
  client.sendShout("hey");
});
client.onShouted((message) => {
  seen.push(message);
  client.sendPing();
});
client.onPong((message) => {
  seen.push(message);
  client.close();
});
client.addInvalidListener((data) => seen.push({ invalid: data }));
client.addCloseListener((info) => {
  clearTimeout(timer);
  console.log(JSON.stringify({ url: client.url, seen, close: info.code }));
});
client.connect().then(
  () => client.sendEcho({ text: "hello", count: 2, class: "k" }),
  (error: unknown) => {
    console.error(String(error));
    process.exit(3);
  },
);
