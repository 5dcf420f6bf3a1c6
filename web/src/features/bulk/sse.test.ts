import { describe, expect, it } from "vitest";
import { EventStreamParser } from "./sse";

describe("EventStreamParser", () => {
  it("reads named events as the gateway writes them", () => {
    const parser = new EventStreamParser();
    const events = parser.push('event: progress\ndata: {"a":1}\n\nevent: end\ndata: {"a":2}\n\n');
    expect(events).toEqual([
      { event: "progress", data: '{"a":1}' },
      { event: "end", data: '{"a":2}' },
    ]);
  });

  it("keeps an event split across chunks until its blank line arrives", () => {
    const parser = new EventStreamParser();
    expect(parser.push("event: prog")).toEqual([]);
    expect(parser.push('ress\ndata: {"processed"')).toEqual([]);
    expect(parser.push(": 5}\n")).toEqual([]);
    expect(parser.push("\n")).toEqual([{ event: "progress", data: '{"processed": 5}' }]);
  });

  it("treats CRLF, CR and LF alike, also with a CRLF split between two chunks", () => {
    const parser = new EventStreamParser();
    expect(parser.push("event: a\r\ndata: 1\r")).toEqual([]);
    expect(parser.push("\n\r\nevent: b\rdata: 2\r\r")).toEqual([{ event: "a", data: "1" }]);
    expect(parser.push("data: 3\n\n")).toEqual([
      { event: "b", data: "2" },
      { event: "message", data: "3" },
    ]);
  });

  it("skips heartbeat comments and joins multi-line data with newlines", () => {
    const parser = new EventStreamParser();
    const events = parser.push(": still running\n\ndata: one\ndata:two\nid: 7\nretry: 10\n\n");
    expect(events).toEqual([{ event: "message", data: "one\ntwo" }]);
  });

  it("dispatches nothing for a block without data, and forgets its event name", () => {
    const parser = new EventStreamParser();
    expect(parser.push("event: progress\n\ndata: x\n\n")).toEqual([
      { event: "message", data: "x" },
    ]);
  });
});
