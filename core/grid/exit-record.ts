/** A cell's exit record (`exit.json` in its folder), written atomically by the cell's process. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CellExitRecord } from '../contracts/executor';

export const EXIT_FILE = 'exit.json';
export const LOG_FILE = 'cell.log';

export function writeExitRecord(dir: string, record: CellExitRecord): void {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = path.join(dir, `.${EXIT_FILE}.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(record, null, 2));
  fs.renameSync(tmp, path.join(dir, EXIT_FILE));
}

/** The record, or undefined when the cell left none (or an unreadable one). */
export function readExitRecord(dir: string): CellExitRecord | undefined {
  try {
    const r = JSON.parse(fs.readFileSync(path.join(dir, EXIT_FILE), 'utf8')) as CellExitRecord;
    return typeof r?.status === 'string' && typeof r.config_hash === 'string' ? r : undefined;
  } catch {
    return undefined;
  }
}

export function clearExitRecord(dir: string): void {
  fs.rmSync(path.join(dir, EXIT_FILE), { force: true });
}

/** The last `n` characters of the cell's log (for FAILED cells that left no record). */
export function logTail(dir: string, n = 600): string {
  try {
    const text = fs.readFileSync(path.join(dir, LOG_FILE), 'utf8').trimEnd();
    return text.slice(-n);
  } catch {
    return '';
  }
}
