// Type-level tests for the client generated from data/reference.json (checked with tsc --strict).
import WS from "ws";
import { EchoClient, RoomChatClient, type EchoIncoming, type WebSocketLike } from "./client/index.js";

// Both the browser WebSocket and the 'ws' package fit the client's socket interface.
export const browserSocket = (url: string): WebSocketLike => new WebSocket(url);
export const nodeSocket = (url: string): WebSocketLike => new WS(url);

const client = new EchoClient("localhost:8000", { webSocketFactory: nodeSocket });
client.sendEcho({ text: "hi" });
// @ts-expect-error count must be a number
client.sendEcho({ text: "hi", count: "2" });
// @ts-expect-error 'chat' is not sent on the echo channel
client.send({ action: "chat", payload: { message: "x" } });
client.on("echo_reply", (message) => {
  const text: string = message.payload.text;
  void text;
});
// @ts-expect-error the server never sends 'chat_notification' on the echo channel
client.on("chat_notification", () => undefined);

export function describe(message: EchoIncoming): string {
  switch (message.action) {
    case "echo_reply":
      return message.payload.text;
    case "server_notice":
      return message.payload;
    case "pong":
      return "pong";
    case "error":
      return "error";
  }
}

const room = new RoomChatClient("localhost:8000", { pathParams: { room_name: "lobby" } });
room.sendChat({ message: "hello", mood: "sad" });
// @ts-expect-error 'angry' is not a Mood
room.sendChat({ message: "hello", mood: "angry" });
room.onChatNotification((message) => {
  const when: string = message.payload.sent_at;
  void when;
});
