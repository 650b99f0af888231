// Findings grouped by the element they concern, for badges on the canvas and the problems panel.

import type { Finding } from '../api/client';

export interface Badge { errors: number; warnings: number; notes: number }

const RANK: Record<string, number> = { error: 0, warning: 1, note: 2 };

export function badgesByElement(findings: readonly Finding[]): Map<string, Badge> {
  const out = new Map<string, Badge>();
  for (const f of findings) {
    if (!f.element) continue;
    const b = out.get(f.element) ?? { errors: 0, warnings: 0, notes: 0 };
    if (f.severity === 'error') b.errors++;
    else if (f.severity === 'warning') b.warnings++;
    else b.notes++;
    out.set(f.element, b);
  }
  return out;
}

/** Errors first, then warnings, then notes; within one severity in the order the server gave. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return findings.map((f, i) => ({ f, i }))
    .sort((a, b) => (RANK[a.f.severity] ?? 3) - (RANK[b.f.severity] ?? 3) || a.i - b.i)
    .map((x) => x.f);
}

/** Lint rules have ids such as AW-SEC-001; other codes (unknown-reference) are the compiler's own. */
export const isRule = (code: string) => /^AW-[A-Z]+-\d+$/.test(code);
