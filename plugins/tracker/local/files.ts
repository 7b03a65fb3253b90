/**
 * Small file helpers for the local run store: JSON files are replaced by an atomic rename (a
 * reader sees the old or the new file, never half of one); JSON lines are only appended.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';

/** Write `value` as pretty JSON to a temporary sibling, then rename it over `file`. */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await fsp.writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  try {
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true });
    throw e;
  }
}

/** Read a JSON file; a missing file gives `fallback` (other errors, including bad JSON, throw). */
export async function readJson<T>(file: string, fallback: T): Promise<T> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw e;
  }
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

/**
 * Complete lines of a JSON-lines file from byte `offset` on: at most `maxLines` lines, reading at
 * most `maxBytes` bytes (more if one line is longer). A last line without its newline is still
 * being written and is left for the next read.
 */
export async function readLinesFrom(
  file: string,
  offset: number,
  limits: { maxLines?: number; maxBytes?: number } = {},
): Promise<{ lines: string[]; nextOffset: number }> {
  const maxLines = limits.maxLines ?? Infinity;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { lines: [], nextOffset: offset };
    throw e;
  }
  try {
    const { size } = await handle.stat();
    let want = Math.min(size - offset, limits.maxBytes ?? Infinity);
    while (want > 0) {
      const buf = Buffer.alloc(want);
      const { bytesRead } = await handle.read(buf, 0, want, offset);
      const text = buf.subarray(0, bytesRead);
      const lines: string[] = [];
      let start = 0;
      while (lines.length < maxLines) {
        const nl = text.indexOf(0x0a, start);
        if (nl < 0) break;
        lines.push(text.subarray(start, nl).toString('utf8'));
        start = nl + 1;
      }
      if (lines.length > 0) return { lines, nextOffset: offset + start };
      if (bytesRead < want || offset + want >= size) break;
      want = Math.min(size - offset, want * 2); // one line longer than maxBytes: read more
    }
    return { lines: [], nextOffset: offset };
  } finally {
    await handle.close();
  }
}

/** Every file below `root`, as `/`-separated paths relative to it, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(`${dir}/${e.name}`, childRel);
      else if (e.isFile()) out.push(childRel);
    }
  };
  await walk(root, '');
  return out.sort();
}
