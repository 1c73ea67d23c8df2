// Preloaded with `node --import` into a process whose peak memory the benchmark wants: prints
// one JSON line on stderr at exit (peak resident set size and CPU time of the whole process).
process.on("exit", () => {
  const usage = process.resourceUsage();
  process.stderr.write(`\n${JSON.stringify({ peakRssBytes: usage.maxRSS * 1024, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 })}\n`);
});
