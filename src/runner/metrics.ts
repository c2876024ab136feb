// Counters the agent keeps, shown as Prometheus text on /metrics (format 0.0.4, written by hand:
// a dozen lines do not need a client library).

type Labels = Record<string, string>;

export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();
  private readonly gauges = new Map<string, { help: string; values: Map<string, number> }>();

  constructor() {
    this.define('counter', 'bouncesync_messages_read_total', 'Messages read from a source.');
    this.define('counter', 'bouncesync_messages_decoded_total', 'Messages decoded, by kind (bounce, delay, autoreply, not-bounce, error, ...).');
    this.define('counter', 'bouncesync_flags_written_total', 'Ledger events written to the customer table.');
    this.define('counter', 'bouncesync_unmatched_total', 'Failures that matched no row.');
    this.define('counter', 'bouncesync_errors_total', 'Errors, by source (connection, processing, write-back).');
    this.define('counter', 'bouncesync_quarantined_total', 'Messages moved to the quarantine folder.');
    this.define('gauge', 'bouncesync_ledger_backlog', 'Ledger events waiting to be written to the customer table.');
    this.define('gauge', 'bouncesync_last_successful_poll_timestamp_seconds', 'When a source last finished reading its mailbox.');
    this.define('gauge', 'bouncesync_source_up', '1 while a source reads without errors, 0 after an error until it recovers.');
  }

  inc(name: string, labels: Labels = {}, by = 1): void {
    const m = this.counters.get(name);
    if (!m) throw new Error(`unknown counter ${name}`);
    const k = key(labels);
    m.values.set(k, (m.values.get(k) ?? 0) + by);
  }

  set(name: string, value: number, labels: Labels = {}): void {
    const m = this.gauges.get(name);
    if (!m) throw new Error(`unknown gauge ${name}`);
    m.values.set(key(labels), value);
  }

  get(name: string, labels: Labels = {}): number {
    return (this.counters.get(name) ?? this.gauges.get(name))?.values.get(key(labels)) ?? 0;
  }

  text(): string {
    const out: string[] = [];
    for (const [type, map] of [['counter', this.counters], ['gauge', this.gauges]] as const) {
      for (const [name, m] of map) {
        out.push(`# HELP ${name} ${m.help}`, `# TYPE ${name} ${type}`);
        for (const [k, v] of m.values) out.push(`${name}${k} ${v}`);
      }
    }
    return out.join('\n') + '\n';
  }

  private define(type: 'counter' | 'gauge', name: string, help: string): void {
    (type === 'counter' ? this.counters : this.gauges).set(name, { help, values: new Map() });
  }
}

function key(labels: Labels): string {
  const parts = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${escape(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}
