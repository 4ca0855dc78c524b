// Runtime test of base.ts under node: reconnect with back-off, action filtering, send guard.
import WS, { WebSocketServer } from "ws";
import { EchoClient } from "./client/index.js";

const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
let connections = 0;
server.on("connection", (socket) => {
  connections += 1;
  if (connections === 1) {
    socket.close(1011, "try again");
    return;
  }
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { action: string; payload: unknown };
    socket.send("not json");
    socket.send(JSON.stringify({ action: "chat_notification", payload: {} }));
    socket.send(JSON.stringify({ action: "echo_reply", payload: message.payload }));
  });
});

const timer = setTimeout(() => {
  console.error("timeout");
  process.exit(2);
}, 15000);

server.on("listening", () => {
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const client = new EchoClient(`127.0.0.1:${port}`, {
    reconnect: true,
    backoffInitialMs: 20,
    backoffFactor: 3,
    backoffMaxMs: 100,
    webSocketFactory: (url) => new WS(url),
  });
  let notConnected = "";
  try {
    client.sendEcho({ text: "too early" });
  } catch (error) {
    notConnected = String(error);
  }
  const invalid: unknown[] = [];
  client.addInvalidListener((data) => invalid.push(data));
  client.onEchoReply((message) => {
    clearTimeout(timer);
    console.log(
      JSON.stringify({
        connections,
        reply: message.payload,
        invalid,
        notConnected,
        delays: [0, 1, 2, 3].map((n) => client.backoffDelay(n)),
      }),
    );
    client.close();
    server.close();
  });
  client.addOpenListener(() => client.sendEcho({ text: "hi", count: 3 }));
  void client.connect();
});
