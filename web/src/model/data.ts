// How a znode's bytes are shown: as text, as pretty JSON, or as a hex dump.
export type DataFormat = "text" | "json" | "hex";

const decoder = new TextDecoder("utf-8", { fatal: true });

export function decodeText(data: Uint8Array): string | null {
  try {
    const text = decoder.decode(data);
    // Control characters other than whitespace mean binary data that only reads well as hex.
    return /[\u0000-\u0008\u000e-\u001f\u007f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}

export function prettyJson(data: Uint8Array): string | null {
  const text = decodeText(data);
  if (text === null || text.trim() === "") return null;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return null;
  }
}

/** The most readable format the bytes allow: JSON, then text, else hex. Empty data reads as text. */
export function bestFormat(data: Uint8Array): DataFormat {
  if (prettyJson(data) !== null) return "json";
  return decodeText(data) !== null ? "text" : "hex";
}

/** Classic 16-bytes-a-line dump: offset, hex bytes, printable ASCII. */
export function hexDump(data: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < data.length; offset += 16) {
    const chunk = data.subarray(offset, offset + 16);
    const hex = Array.from(chunk, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(chunk, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

export function render(data: Uint8Array, format: DataFormat): string {
  if (format === "json") return prettyJson(data) ?? "(not valid JSON)";
  if (format === "text") return decodeText(data) ?? "(not valid UTF-8 text)";
  return hexDump(data);
}
