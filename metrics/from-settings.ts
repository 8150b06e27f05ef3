// Picks the metrics source for a run: values supplied by the workflow when given (they replace
// Prometheus, as action.yml promises), else the Prometheus server named in the settings with the
// credentials from the Action's inputs, else none (every gate is then "not evaluated").
// A configuration mistake does not stop the run: it becomes an error on every gate it affects,
// so gates hold and rollback rules stay quiet while the tracking issue says what to fix.
import type { Settings } from "../core/model.js";
import { formatProblem } from "../core/result.js";
import { createPrometheusProvider, type PrometheusAuth } from "./prometheus.js";
import { failingProvider, noMetricsProvider, type MetricsProvider } from "./provider.js";
import { createSuppliedValuesProvider, parseSuppliedValues, type SuppliedValues } from "./supplied-values.js";

export interface MetricsInputs {
  /** `metrics-token`: bearer token for Prometheus. */
  token?: string | null;
  /** `metrics-username` and `metrics-password`: basic auth for Prometheus. */
  username?: string | null;
  password?: string | null;
  /** `metrics-values`: the JSON text, or values already parsed with parseSuppliedValues. */
  values?: string | SuppliedValues | null;
  /** Overrides for the Prometheus timeouts (defaults: 10 s per request, 45 s per run). */
  requestTimeoutMs?: number;
  budgetMs?: number;
}

const given = (text: string | null | undefined): text is string => typeof text === "string" && text !== "";

function prometheusAuth(inputs: MetricsInputs): PrometheusAuth | null | string {
  const token = given(inputs.token);
  const user = given(inputs.username);
  const password = given(inputs.password);
  if (token && (user || password)) return "metrics-token and metrics-username/metrics-password are all set: use a bearer token or basic auth, not both";
  if (user !== password) return `metrics-${user ? "password" : "username"} is missing: basic auth needs both metrics-username and metrics-password`;
  if (token) return { bearer: inputs.token as string };
  if (user) return { username: inputs.username as string, password: inputs.password as string };
  return null;
}

export function createMetricsProvider(settings: Pick<Settings, "metrics">, inputs: MetricsInputs = {}): MetricsProvider {
  if (typeof inputs.values === "string" ? inputs.values.trim() !== "" : inputs.values != null) {
    const parsed = typeof inputs.values === "string" ? parseSuppliedValues(inputs.values) : { ok: true as const, value: inputs.values as SuppliedValues };
    if (!parsed.ok) {
      return failingProvider("values supplied by the workflow (unreadable)", parsed.problems.map(formatProblem).join("; "));
    }
    return createSuppliedValuesProvider(parsed.value);
  }
  const prometheus = settings.metrics.prometheus;
  const auth = prometheusAuth(inputs);
  if (prometheus === null) {
    return auth === null
      ? noMetricsProvider
      : failingProvider(
          "no metrics source configured",
          "Prometheus credentials were given but .github/stagegate.yml names no metrics.prometheus.url (or supply values with metrics-values)",
        );
  }
  if (typeof auth === "string") return failingProvider("Prometheus (misconfigured)", auth);
  return createPrometheusProvider({
    url: prometheus.url,
    auth,
    ...(inputs.requestTimeoutMs !== undefined ? { requestTimeoutMs: inputs.requestTimeoutMs } : {}),
    ...(inputs.budgetMs !== undefined ? { budgetMs: inputs.budgetMs } : {}),
  });
}
