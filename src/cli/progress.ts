/** A progress bar on stderr, shown only on a TTY and never with --quiet or --json. */
import cliProgress from "cli-progress";

export interface Progress {
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export function createProgress(enabled: boolean): Progress {
  if (!enabled || !process.stderr.isTTY) return { update: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: " {bar} {percentage}% | {label}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total, label) {
      if (!started) {
        bar.start(total, 0, { label });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
