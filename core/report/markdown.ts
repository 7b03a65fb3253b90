/** Markdown tables for the run and grid reports (GitHub-flavoured: pipes escaped). */
import { fmt } from '../cli/print';

export function mdTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n');
}

/** A number for a report: 4 significant digits (as the CLI's tables), blank when absent. */
export function num(v: number | undefined): string {
  return fmt(v);
}

/** `+0.0312 [−0.0104, +0.0729]`: a difference with its 95% interval. */
export function signed(v: number): string {
  return `${v >= 0 ? '+' : ''}${fmt(v)}`;
}
