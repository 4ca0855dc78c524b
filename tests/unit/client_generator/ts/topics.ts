// Run under node against the live topic demo server: node dist/topics.js <host:port>
import WS from "ws";
import { BoardClient, BoardNotesTopic, TopicError } from "./client/index.js";

const address = process.argv[2] ?? "127.0.0.1:8000";
const factory = (url: string) => new WS(url);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await sleep(50);
}

async function main(): Promise<void> {
  const reader = new BoardClient(address, { webSocketFactory: factory, reconnect: true, backoffInitialMs: 50 });
  const writer = new BoardClient(address, { webSocketFactory: factory });
  await reader.connect();
  await writer.connect();
  const heard: string[] = [];
  const notes = await reader.subscribe(BoardNotesTopic, { board: "a" });
  notes.onNoteAdded((message) => heard.push(message.payload));
  const mine = await writer.subscribe(BoardNotesTopic, { board: "a" });
  const saved = await mine.request({ action: "note", payload: "hello" });
  await until(() => heard.length >= 1);

  let refused = "";
  try {
    await writer.subscribe(BoardNotesTopic, { board: "private" });
  } catch (error) {
    refused = error instanceof TopicError ? String(error.reason) : `other: ${String(error)}`;
  }

  // The server drops the reader as a restart would (1012): it reconnects and renews.
  let reopened = 0;
  reader.addOpenListener(() => {
    reopened += 1;
  });
  reader.sendDrop();
  await until(() => reopened >= 1);
  let renewed = false;
  for (let i = 0; i < 50 && !renewed; i++) {
    await mine.request({ action: "note", payload: `again-${i}` });
    await sleep(100);
    renewed = heard.some((text) => text.startsWith("again"));
  }
  console.log(JSON.stringify({ saved, refused, first: heard[0], reopened, renewed, topic: notes.topic }));
  reader.close();
  writer.close();
}

const guard = setTimeout(() => {
  console.error("timeout");
  process.exit(2);
}, 30000);
main().then(
  () => clearTimeout(guard),
  (error: unknown) => {
    console.error(String(error));
    process.exit(1);
  },
);
