/**
 * Bencode, the encoding of rtpengine's ng control protocol: byte strings (`4:spam`), integers
 * (`i3e`), lists (`l…e`) and dictionaries (`d…e`, keys sorted). Strings are read as UTF-8; the
 * ng protocol carries ASCII (SDP, flags, ids) in them.
 */

export type BencodeValue = string | number | BencodeValue[] | BencodeDict;
export interface BencodeDict {
  [key: string]: BencodeValue;
}

/** What {@link encode} takes: `undefined` entries of a dictionary are left out. */
export type BencodeInput =
  string | number | readonly BencodeInput[] | { readonly [key: string]: BencodeInput | undefined };

export function encode(value: BencodeInput): Buffer {
  const parts: Buffer[] = [];
  write(value, parts);
  return Buffer.concat(parts);
}

function write(value: BencodeInput, parts: Buffer[]): void {
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    parts.push(Buffer.from(`${bytes.length}:`), bytes);
  } else if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new TypeError(`bencode: ${value} is not an integer`);
    parts.push(Buffer.from(`i${value}e`));
  } else if (isList(value)) {
    parts.push(Buffer.from('l'));
    for (const item of value) write(item, parts);
    parts.push(Buffer.from('e'));
  } else {
    parts.push(Buffer.from('d'));
    // Keys sort as raw bytes; for the ASCII keys of the ng protocol that is code unit order.
    for (const key of Object.keys(value).sort()) {
      const item = value[key];
      if (item === undefined) continue;
      write(key, parts);
      write(item, parts);
    }
    parts.push(Buffer.from('e'));
  }
}

function isList(value: BencodeInput): value is readonly BencodeInput[] {
  return Array.isArray(value);
}

export class BencodeError extends Error {}

/** Decodes one value that spans all of `bytes`. */
export function decode(bytes: Buffer): BencodeValue {
  const [value, end] = read(bytes, 0);
  if (end !== bytes.length) throw new BencodeError(`bencode: ${bytes.length - end} bytes after the value`);
  return value;
}

const COLON = 0x3a;
const E = 0x65;

function read(bytes: Buffer, at: number): [BencodeValue, number] {
  const lead = bytes[at];
  if (lead === undefined) throw new BencodeError('bencode: unexpected end of input');
  if (lead === 0x69 /* i */) {
    const end = bytes.indexOf(E, at);
    const text = end < 0 ? '' : bytes.toString('latin1', at + 1, end);
    if (!/^-?\d+$/.test(text)) throw new BencodeError(`bencode: bad integer at ${at}`);
    return [Number(text), end + 1];
  }
  if (lead === 0x6c /* l */) {
    const list: BencodeValue[] = [];
    let next = at + 1;
    while (bytes[next] !== E) {
      const [item, after] = read(bytes, next);
      list.push(item);
      next = after;
    }
    return [list, next + 1];
  }
  if (lead === 0x64 /* d */) {
    const dict: BencodeDict = {};
    let next = at + 1;
    while (bytes[next] !== E) {
      const [key, afterKey] = read(bytes, next);
      if (typeof key !== 'string') throw new BencodeError(`bencode: dictionary key at ${next} is not a string`);
      const [item, after] = read(bytes, afterKey);
      // defineProperty: a `__proto__` key from the wire stays a plain entry.
      Object.defineProperty(dict, key, { value: item, enumerable: true, writable: true, configurable: true });
      next = after;
    }
    return [dict, next + 1];
  }
  const colon = bytes.indexOf(COLON, at);
  const lengthText = colon < 0 ? '' : bytes.toString('latin1', at, colon);
  if (!/^\d+$/.test(lengthText)) throw new BencodeError(`bencode: unexpected byte ${lead} at ${at}`);
  const start = colon + 1;
  const end = start + Number(lengthText);
  if (end > bytes.length) throw new BencodeError(`bencode: string at ${at} runs past the end`);
  return [bytes.toString('utf8', start, end), end];
}
