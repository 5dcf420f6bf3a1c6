/** A text/event-stream parser (the WHATWG "server-sent events" rules) for fetched streams. */

export interface ServerSentEvent {
  /** The `event:` field; "message" when the server named none. */
  event: string;
  data: string;
}

/** Feed it the stream's text in whatever chunks arrive; it returns the events completed. */
export class EventStreamParser {
  private buffer = "";
  private event = "";
  private data: string[] = [];

  push(text: string): ServerSentEvent[] {
    this.buffer += text;
    const events: ServerSentEvent[] = [];
    for (;;) {
      const end = /\r\n|\r|\n/.exec(this.buffer);
      if (!end) break;
      // A CR that ends the buffer may be the first half of a CRLF split across chunks.
      if (end[0] === "\r" && end.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, end.index);
      this.buffer = this.buffer.slice(end.index + end[0].length);
      const dispatched = this.line(line);
      if (dispatched) events.push(dispatched);
    }
    return events;
  }

  private line(line: string): ServerSentEvent | null {
    if (line === "") return this.dispatch();
    if (line.startsWith(":")) return null; // a comment: the server's heartbeat
    const colon = line.indexOf(":");
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (name === "event") this.event = value;
    else if (name === "data") this.data.push(value);
    // `id` and `retry` only matter to EventSource's own reconnection, which is not used here.
    return null;
  }

  private dispatch(): ServerSentEvent | null {
    const event = { event: this.event || "message", data: this.data.join("\n") };
    const empty = this.data.length === 0;
    this.event = "";
    this.data = [];
    return empty ? null : event;
  }
}
