// The budgets the bench holds stagegate to. Each is checked against a figure measured in the same
// run; the bench fails, naming every budget that does not hold, so a regression cannot pass
// unnoticed. Limits are inclusive unless the name says otherwise.

export interface Budget {
  name: string;
  /** What was measured, in `unit`. */
  measured: number;
  limit: number;
  unit: string;
  /** "max": measured ≤ limit; "min": measured ≥ limit; "below": measured < limit. */
  kind: "max" | "min" | "below";
  /** How the figure was measured, for the table and for whoever must fix a failure. */
  detail: string;
}

export interface BudgetResult extends Budget {
  ok: boolean;
}

export function judge(budget: Budget): BudgetResult {
  const ok = budget.kind === "max" ? budget.measured <= budget.limit : budget.kind === "min" ? budget.measured >= budget.limit : budget.measured < budget.limit;
  return { ...budget, ok: Number.isFinite(budget.measured) && ok };
}

const RELATION = { max: "≤", min: "≥", below: "<" } as const;

export function describeBudget(result: BudgetResult): string {
  return `${result.ok ? "ok  " : "FAIL"} ${result.name}: ${result.measured} ${result.unit} (budget ${RELATION[result.kind]} ${result.limit} ${result.unit}) — ${result.detail}`;
}

/** One line per failed budget, saying what failed and by how much; empty when all hold. */
export function failures(results: readonly BudgetResult[]): string[] {
  return results.filter((r) => !r.ok).map(describeBudget);
}
