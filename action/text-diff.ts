// A line diff of a state file before and after a step, for dry runs and the job summary: the
// reader sees exactly which lines the commit would change. State files are small, so a plain
// longest-common-subsequence table is fast enough and keeps this dependency-free.

/** `-`/`+` for removed/added lines, two spaces for context; distant unchanged lines fold into `…`. */
export function lineDiff(before: string | null, after: string, context = 2): string {
  const a = before === null ? [] : splitLines(before);
  const b = splitLines(after);
  const rows = diffRows(a, b);
  const keep = rows.map((row, i) => row.op !== " " || rows.slice(Math.max(0, i - context), i + context + 1).some((r) => r.op !== " "));
  const out: string[] = [];
  rows.forEach((row, i) => {
    if (keep[i]) out.push(`${row.op === " " ? " " : row.op} ${row.line}`);
    else if (keep[i - 1] !== false || i === 0) out.push("  …");
  });
  return out.join("\n");
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines;
}

interface Row {
  op: " " | "-" | "+";
  line: string;
}

function diffRows(a: string[], b: string[]): Row[] {
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const rows: Row[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      rows.push({ op: " ", line: a[i]! });
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // Removals before additions, as diff(1) prints a changed line.
      rows.push({ op: "-", line: a[i]! });
      i++;
    } else {
      rows.push({ op: "+", line: b[j]! });
      j++;
    }
  }
  return rows;
}
