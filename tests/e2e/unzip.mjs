// unzip.mjs — reads a ZIP archive for the tests (the SCORM packages): finds
// the end record, walks the central directory, and for every entry checks
// its local header against it, inflates (or copies) the data and checks its
// size and CRC-32. Written from the format's specification (APPNOTE.TXT),
// not from scripts/zip.mjs, so the two do not share a mistake. Throws with
// the entry's name on anything it does not expect.
import { crc32, inflateRawSync } from 'node:zlib';

/** The entries of a ZIP archive: name → bytes, in the central directory's order. */
export function readZip(archive) {
  const bytes = Buffer.from(archive);
  // The end of central directory record: 22 bytes plus a comment of up to 65535.
  let end = -1;
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (bytes.readUInt32LE(at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new Error('no end of central directory record');
  const count = bytes.readUInt16LE(end + 10);
  const directorySize = bytes.readUInt32LE(end + 12);
  let at = bytes.readUInt32LE(end + 16);
  if (at + directorySize !== end) throw new Error('the central directory does not end where the end record starts');
  const entries = new Map();
  for (let index = 0; index < count; index++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`central directory entry ${index}: bad signature`);
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const checksum = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const size = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;

    if (flags & 0x0001) throw new Error(`${name}: encrypted`);
    if (bytes.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`${name}: bad local header signature`);
    const localNameLength = bytes.readUInt16LE(localOffset + 26);
    const localExtraLength = bytes.readUInt16LE(localOffset + 28);
    const localName = bytes.subarray(localOffset + 30, localOffset + 30 + localNameLength).toString('utf8');
    if (localName !== name) throw new Error(`${name}: the local header names ${localName}`);
    if (bytes.readUInt32LE(localOffset + 14) !== checksum || bytes.readUInt32LE(localOffset + 18) !== compressedSize) {
      throw new Error(`${name}: local header and central directory disagree`);
    }
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const stored = bytes.subarray(start, start + compressedSize);
    let data;
    if (method === 0) data = Buffer.from(stored);
    else if (method === 8) data = inflateRawSync(stored);
    else throw new Error(`${name}: compression method ${method}`);
    if (data.length !== size) throw new Error(`${name}: ${data.length} bytes, the directory says ${size}`);
    if ((crc32(data) >>> 0) !== checksum) throw new Error(`${name}: CRC-32 mismatch`);
    if (entries.has(name)) throw new Error(`${name}: twice`);
    entries.set(name, data);
  }
  return entries;
}
