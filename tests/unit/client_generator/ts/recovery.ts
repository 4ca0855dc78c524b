// Run under node against the live topic demo server: node dist/recovery.js <host:port>
// A history topic survives a reconnect with no code here handling it; presence lists both clients.
import WS, { WebSocketServer } from "ws";
import { BoardClient, BoardLiveNotesTopic, type PresenceMember } from "./client/index.js";

const address = process.argv[2] ?? "127.0.0.1:8000";
const factory = (url: string) => new WS(url);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean, ms = 20000): Promise<void> {
  for (let i = 0; i < ms / 50 && !check(); i++) await sleep(50);
}

async function main(): Promise<void> {
  const reader = new BoardClient(address, { webSocketFactory: factory, reconnect: true, backoffInitialMs: 200 });
  const writer = new BoardClient(address, { webSocketFactory: factory });
  await reader.connect();
  await writer.connect();
  const notes = await reader.subscribe(BoardLiveNotesTopic, { board: "ts" });
  const first = { offset: notes.offset, epochSet: typeof notes.epoch === "string", recovered: notes.recovered };
  const heard: string[] = [];
  notes.onNoteAdded((message) => heard.push(message.payload));
  const joined: PresenceMember[] = [];
  notes.onJoin((member) => joined.push(member));
  let lost = 0;
  notes.onRecoveryLost(() => {
    lost += 1;
  });
  // The reader's own join may be pushed to it too (before or after the listener).
  const [own] = await notes.presence();
  const mine = await writer.subscribe(BoardLiveNotesTopic, { board: "ts" });
  await until(() => joined.some((member) => member.id !== own?.id));
  const writerJoin = joined.find((member) => member.id !== own?.id);
  const members = await mine.presence();

  for (const text of ["one", "two"]) await mine.request({ action: "note", payload: text });
  await until(() => heard.length >= 2);
  // The server closes the reader's connection (1012), then publishes 300 notes it misses.
  notes.sendVanish(300);
  await until(() => heard.length >= 302);
  await mine.request({ action: "note", payload: "live" });
  await until(() => heard[heard.length - 1] === "live");
  const expected = ["one", "two", ...Array.from({ length: 300 }, (_v, n) => `gap-${n}`), "live"];
  console.log(
    JSON.stringify({
      first,
      joinInfo: writerJoin?.info,
      members: members.length,
      memberBoards: members.map((member) => member.info.board),
      inOrder: JSON.stringify(heard) === JSON.stringify(expected),
      heard: heard.length,
      recovered: notes.recovered,
      offset: notes.offset,
      lost,
      lostHistory: await lostHistory(),
    }),
  );
  reader.close();
  writer.close();
}

/**
 * A scripted server whose history is gone when the client comes back: the runtime sends
 * `since` with the last offset/epoch, gets `recovered: false`, and calls `onRecoveryLost`.
 */
async function lostHistory(): Promise<Record<string, unknown>> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.on("listening", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  const subscribes: unknown[] = [];
  server.on("connection", (socket) => {
    socket.on("message", (data) => {
      const frame = JSON.parse(String(data)) as { action: string; ref: string; topic: string; since?: unknown };
      subscribes.push(frame.since ?? null);
      const envelope = { version: 1, ref: frame.ref, topic: frame.topic };
      if (subscribes.length === 1) {
        socket.send(JSON.stringify({ action: "subscribed", ...envelope, epoch: "e1", offset: 5 }));
        socket.send(JSON.stringify({ action: "note_added", payload: "six", version: 1, topic: frame.topic, offset: 6 }));
        setTimeout(() => socket.close(1012, "restart"), 100);
      } else {
        socket.send(JSON.stringify({ action: "subscribed", ...envelope, epoch: "e2", offset: 0, recovered: false }));
      }
    });
  });
  const client = new BoardClient(`127.0.0.1:${port}`, {
    webSocketFactory: factory,
    reconnect: true,
    backoffInitialMs: 50,
  });
  await client.connect();
  const notes = await client.subscribe(BoardLiveNotesTopic, { board: "gone" });
  const lostReplies: (boolean | undefined)[] = [];
  notes.onRecoveryLost((reply) => lostReplies.push(reply.recovered));
  await until(() => lostReplies.length >= 1, 10000);
  const outcome = { subscribes, lostReplies, offset: notes.offset, epoch: notes.epoch, recovered: notes.recovered };
  client.close();
  server.close();
  return outcome;
}

const guard = setTimeout(() => {
  console.error("timeout");
  process.exit(2);
}, 50000);
main().then(
  () => clearTimeout(guard),
  (error: unknown) => {
    console.error(String(error));
    process.exit(1);
  },
);
