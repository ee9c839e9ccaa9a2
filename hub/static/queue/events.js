// The queue pages' live feed (/counter/ and /display/): server-sent events read from a fetch
// stream (the display authenticates with a header, which EventSource cannot send).
export async function readEvents(reader, onData) {
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const {value, done} = await reader.read();
    if (done) throw new Error("stream ended");
    buffer += decoder.decode(value, {stream: true});
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const message = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = message.split("\n").find((l) => l.startsWith("data: "));
      if (data) onData(JSON.parse(data.slice(6)));
    }
  }
}
