// docs/clients.md: the TypeScript client in a browser (type-checked against the client
// generated from tests/unit/client_generator/data/reference.json).
import { RoomChatClient, type RoomChatIncoming } from "./client/index.js";

export async function joinRoom(room: string, log: (line: string) => void): Promise<RoomChatClient> {
  const client = new RoomChatClient(location.host, {
    protocol: location.protocol === "https:" ? "wss" : "ws",
    pathParams: { room_name: room },
    reconnect: true,
  });
  client.onChatNotification((message) => {
    log(`${message.payload.author.name}: ${message.payload.message}`);
  });
  client.addMessageListener((message: RoomChatIncoming) => {
    if (message.action === "error") log("error from server");
  });
  await client.connect();
  client.sendChat({ message: "hello", mood: "happy" });
  return client;
}
