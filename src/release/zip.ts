// A minimal ZIP writer (one or more stored-as-deflate entries, no ZIP64): enough for a release
// archive that holds one executable. Written here rather than pulled in as a dependency because
// the format needed is small and the two details that matter are easy to get wrong in generic
// libraries: the entry must carry Unix permissions (Terraform restores the executable bit from
// the external attributes) and the output should depend only on its inputs (same bytes, same
// checksum) when SOURCE_DATE_EPOCH is set.
import { crc32, deflateRawSync } from "node:zlib";

export interface ZipEntry {
  name: string;
  data: Buffer;
  /** Unix permission bits, e.g. 0o755. */
  mode: number;
}

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED; // upper byte 3 = Unix: external attributes hold st_mode
const METHOD_DEFLATE = 8;
const S_IFREG = 0o100000;
const ZIP32_LIMIT = 0xffffffff;

/** MS-DOS date and time words (local time, two-second resolution) for a Date. */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

interface EntryFields {
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  nameLength: number;
}

/** The run of fields (flags .. name length) that local and central headers share, from `at`. */
function writeEntryFields(header: Buffer, at: number, f: EntryFields): void {
  header.writeUInt16LE(0x0800, at); // flags, bit 11: the name is UTF-8
  header.writeUInt16LE(METHOD_DEFLATE, at + 2);
  header.writeUInt16LE(f.time, at + 4);
  header.writeUInt16LE(f.date, at + 6);
  header.writeUInt32LE(f.crc, at + 8);
  header.writeUInt32LE(f.compressedSize, at + 12);
  header.writeUInt32LE(f.size, at + 16);
  header.writeUInt16LE(f.nameLength, at + 20);
}

export function zipArchive(entries: readonly ZipEntry[], modified: Date): Buffer {
  const stamp = dosDateTime(modified);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const compressed = deflateRawSync(entry.data, { level: 6 });
    const checksum = crc32(entry.data);
    if (entry.data.length >= ZIP32_LIMIT || offset + compressed.length >= ZIP32_LIMIT) {
      throw new Error(`zip: ${entry.name} is too large for a ZIP archive without ZIP64`);
    }
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    const fields: EntryFields = {
      ...stamp,
      crc: checksum,
      compressedSize: compressed.length,
      size: entry.data.length,
      nameLength: name.length,
    };
    writeEntryFields(local, 6, fields);
    // extra field length: zero
    locals.push(local, name, compressed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    writeEntryFields(central, 8, fields);
    // extra field length, comment length, disk number, internal attributes: all zero
    central.writeUInt32LE(((S_IFREG | (entry.mode & 0o7777)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((sum, b) => sum + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
