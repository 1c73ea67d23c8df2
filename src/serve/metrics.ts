/**
 * `/metrics` in the Prometheus text format (version 0.0.4): requests by route and status,
 * a latency histogram per route, scores and outcomes counted, in-flight requests, active
 * model versions, and whatever gauges the app adds (score writer, webhook). Counters live in
 * plain Maps; rendering walks them, so the hot path only increments numbers.
 */

/** Upper bounds of the latency buckets, seconds (1 ms … 5 s). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

interface Histogram {
  readonly counts: Float64Array;
  sum: number;
  count: number;
}

export type GaugeReader = () => readonly { readonly labels?: Readonly<Record<string, string | number>>; readonly value: number }[];

export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly counters = new Map<string, { help: string; value: number }>();
  private readonly gauges = new Map<string, { help: string; read: GaugeReader }>();

  /** Counts one finished request; `route` is the route pattern (never the raw URL). */
  observeRequest(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route} ${status}`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const routeKey = `${method} ${route}`;
    let histogram = this.latency.get(routeKey);
    if (histogram === undefined) {
      histogram = { counts: new Float64Array(LATENCY_BUCKETS.length), sum: 0, count: 0 };
      this.latency.set(routeKey, histogram);
    }
    for (let b = 0; b < LATENCY_BUCKETS.length; b++) {
      if (seconds <= (LATENCY_BUCKETS[b] as number)) {
        histogram.counts[b] = (histogram.counts[b] as number) + 1;
        break;
      }
    }
    histogram.sum += seconds;
    histogram.count++;
  }

  /** A counter without labels (`leadscore_<name>`); created on first use with its help text. */
  count(name: string, help: string, by = 1): void {
    const counter = this.counters.get(name);
    if (counter === undefined) this.counters.set(name, { help, value: by });
    else counter.value += by;
  }

  counterValue(name: string): number {
    return this.counters.get(name)?.value ?? 0;
  }

  /** A gauge read when /metrics is rendered. */
  gauge(name: string, help: string, read: GaugeReader): void {
    this.gauges.set(name, { help, read });
  }

  render(): string {
    const out: string[] = [];
    out.push("# HELP leadscore_http_requests_total HTTP requests answered, by method, route and status.");
    out.push("# TYPE leadscore_http_requests_total counter");
    for (const [key, value] of [...this.requests].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [method, route, status] = key.split(" ");
      out.push(`leadscore_http_requests_total{method="${method}",route="${escapeLabel(route ?? "")}",status="${status}"} ${value}`);
    }
    out.push("# HELP leadscore_http_request_duration_seconds Time to answer a request, by method and route.");
    out.push("# TYPE leadscore_http_request_duration_seconds histogram");
    for (const [key, histogram] of [...this.latency].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [method, route] = key.split(" ");
      const labels = `method="${method}",route="${escapeLabel(route ?? "")}"`;
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((bound, b) => {
        cumulative += histogram.counts[b] as number;
        out.push(`leadscore_http_request_duration_seconds_bucket{${labels},le="${bound}"} ${cumulative}`);
      });
      out.push(`leadscore_http_request_duration_seconds_bucket{${labels},le="+Inf"} ${histogram.count}`);
      out.push(`leadscore_http_request_duration_seconds_sum{${labels}} ${histogram.sum}`);
      out.push(`leadscore_http_request_duration_seconds_count{${labels}} ${histogram.count}`);
    }
    for (const [name, counter] of [...this.counters].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`# HELP leadscore_${name} ${counter.help}`);
      out.push(`# TYPE leadscore_${name} counter`);
      out.push(`leadscore_${name} ${counter.value}`);
    }
    for (const [name, gauge] of [...this.gauges].sort(([a], [b]) => (a < b ? -1 : 1))) {
      out.push(`# HELP leadscore_${name} ${gauge.help}`);
      out.push(`# TYPE leadscore_${name} gauge`);
      for (const sample of gauge.read()) {
        const labels = sample.labels ? Object.entries(sample.labels).map(([k, v]) => `${k}="${escapeLabel(String(v))}"`) : [];
        out.push(`leadscore_${name}${labels.length > 0 ? `{${labels.join(",")}}` : ""} ${sample.value}`);
      }
    }
    return `${out.join("\n")}\n`;
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
