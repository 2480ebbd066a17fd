// scripts/zip.mjs — writes a ZIP archive (PKWARE's APPNOTE.TXT 6.3.x, the
// subset every unzip and LMS reads): for each file a local header and its
// data, then the central directory and the end record. Each file is stored
// deflated when that is smaller, else as it is. CRC-32 and raw deflate come
// from Node's zlib (zlib.crc32, Node ≥ 20.15), so this file is only the
// container format. No ZIP64 (files and archive under 4 GiB, under 65535
// entries: checked), no encryption, no data descriptors, no extra fields.
// Every entry carries the same fixed time, so a build is byte-for-byte
// repeatable.
import { crc32, deflateRawSync } from 'node:zlib';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION = 20; // 2.0: deflate, folders
const UTF8_NAMES = 0x0800; // general purpose flag bit 11
const STORED = 0;
const DEFLATED = 8;
const LIMIT = 0xffffffff;

/** 2020-01-01 00:00:00 as MS-DOS time and date (the ZIP timestamp format). */
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;

/**
 * The archive of `entries` ({ name, data }: a path with '/' separators, no
 * leading '/', no '..'; the file's bytes), in the given order.
 */
export function zipArchive(entries) {
  if (entries.length > 0xffff) throw new RangeError(`a ZIP without ZIP64 holds at most 65535 entries, got ${entries.length}`);
  const names = new Set();
  const parts = [];
  const central = [];
  let offset = 0;
  for (const { name, data } of entries) {
    if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.includes('\\') || name.split('/').includes('..')) {
      throw new RangeError(`entry name must be a relative path with '/' separators, got ${JSON.stringify(name)}`);
    }
    if (names.has(name)) throw new RangeError(`entry ${name} is given twice`);
    names.add(name);
    const bytes = Buffer.from(data);
    if (bytes.length >= LIMIT) throw new RangeError(`${name} is too large for a ZIP without ZIP64`);
    const deflated = deflateRawSync(bytes, { level: 9 });
    const method = deflated.length < bytes.length ? DEFLATED : STORED;
    const body = method === DEFLATED ? deflated : bytes;
    const nameBytes = Buffer.from(name, 'utf8');
    const checksum = crc32(bytes) >>> 0;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(checksum, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(bytes.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28); // extra field length

    const header = Buffer.alloc(46);
    header.writeUInt32LE(CENTRAL_HEADER, 0);
    header.writeUInt16LE(VERSION, 4); // made by (MS-DOS attributes)
    header.writeUInt16LE(VERSION, 6); // needed to extract
    header.writeUInt16LE(UTF8_NAMES, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt16LE(DOS_TIME, 12);
    header.writeUInt16LE(DOS_DATE, 14);
    header.writeUInt32LE(checksum, 16);
    header.writeUInt32LE(body.length, 20);
    header.writeUInt32LE(bytes.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    // extra field, comment, disk number, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    central.push(header, nameBytes);

    parts.push(local, nameBytes, body);
    offset += local.length + nameBytes.length + body.length;
    if (offset >= LIMIT) throw new RangeError('the archive is too large for a ZIP without ZIP64');
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  // disk numbers: 0
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  // comment length: 0
  return Buffer.concat([...parts, directory, end]);
}
