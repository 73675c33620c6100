import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './git-repo';

/**
 * A CommonJS module for stand-in terraforms: `require(it)(out)` (or `node it out`) saves at `out` a plan file as
 * terraform saves one, as far as the apply's checks read it: a zip, stored uncompressed, holding the configuration
 * of the current directory (`tfconfig/m-/*.tf` and `tfconfig/modules.json`, the root module only).
 */
const script = String.raw`
const fs = require('node:fs');
const { crc32 } = require('node:zlib');

function entries() {
  const files = fs.readdirSync('.').filter((name) => /\.tf(\.json)?$/.test(name));
  return [
    ['tfplan', Buffer.from('stand-in plan')],
    ['tfconfig/modules.json', Buffer.from(JSON.stringify([{ Key: '', Dir: '.' }]))],
    ...files.map((name) => ['tfconfig/m-/' + name, fs.readFileSync(name)]),
  ];
}

function writePlanFile(out) {
  const local = [];
  const central = [];
  let offset = 0;
  const all = entries();
  for (const [name, data] of all) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(0x02014b50, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(data.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE(offset, 42);
    local.push(header, nameBytes, data);
    central.push(record, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(all.length, 8);
  end.writeUInt16LE(all.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  fs.writeFileSync(out, Buffer.concat([...local, directory, end]));
}

module.exports = writePlanFile;
if (require.main === module) writePlanFile(process.argv[2]);
`;

/** Writes the module as `<dir>/stand-in-plan-file.cjs`, beside the stand-in that uses it. */
export function writeStandInPlanFileScript(dir: string): string {
  const file = join(dir, 'stand-in-plan-file.cjs');
  writeFileSync(file, script);
  return file;
}

/** The plan file the stand-ins save for a stack directory holding `files`. */
export function standInPlanOf(files: Record<string, string>): Buffer {
  const dir = tempDir('stand-in-plan');
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  const script = writeStandInPlanFileScript(tempDir('stand-in-plan-script'));
  execFileSync(process.execPath, [script, 'tfplan'], { cwd: dir });
  return readFileSync(join(dir, 'tfplan'));
}
