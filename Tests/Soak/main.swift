// census-soak: discovers many fixture servers whose fault modes are drawn
// at random from a fixed seed, then checks what a long unattended run must
// leave behind: one record per server with the expected status, no process
// of ours still running, every descriptor closed, a report that reads back.
//
//   census-soak --python PATH --fixture PATH [--servers 500]
//               [--concurrency 32] [--seed 42]
//
// Exits 0 when every check holds, 1 otherwise, printing one line per check.

import Census
import Glibc

let options = SoakOptions(CommandLine.arguments.dropFirst())
// A new folder each run: an old run's pid list must never be read again.
let state = makeStateFolder()

// One server first, so that Dispatch has opened the descriptors it keeps
// for its own timers and wake-ups before the baseline is counted.
_ = runJob([(0, SoakMode.all[0])], options: options, state: state)
let baseline = openDescriptors()
let started = Deadline.now()
var generator = SplitMix64(seed: options.seed)
let plan = (0..<options.servers).map { index in
  (index, SoakMode.all[Int(generator.next() % UInt64(SoakMode.all.count))])
}
let report = runJob(plan, options: options, state: state)
let seconds = Double(Deadline.now().nanoseconds - started.nanoseconds) / 1e9

var failures: [String] = []
check("one record per server", &failures) {
  report.servers.map(\.name) == plan.map { "s\($0.0)" }
}
check("every status as its mode expects", &failures) {
  let wrong = zip(report.servers, plan).filter { $0.status != $1.1.status }
  for (record, (_, mode)) in wrong.prefix(5) {
    print("  \(record.name) (\(mode.name)): \(record.status.rawValue), "
      + "expected \(mode.status.rawValue): \(record.failure?.message ?? "")")
  }
  return wrong.isEmpty
}
let left = survivors(in: state)
check("no process left", &failures) {
  for pid in left.prefix(5) { print("  left: \(describe(pid))") }
  return left.isEmpty
}
// What the runner left, the soak does not leave too: only processes
// that still run the fixture, never a pid that went to something else.
for pid in left where describe(pid).contains(options.fixture) {
  kill(pid, SIGKILL)
}
let descriptors = openDescriptors()
// At most the baseline: Dispatch may close a wake-up descriptor it had
// open while the baseline was counted, but no descriptor may be added.
check("descriptors back to baseline (\(baseline) before, \(descriptors) after)", &failures) {
  descriptors <= baseline
}
check("the report reads back unchanged", &failures) {
  let text = JSONWriter(pretty: true).bytes(report.jsonValue())
  guard let value = try? JSONParser.parse(text) else { return false }
  return (try? CensusReport(json: value)) != nil
}
let counts = Dictionary(grouping: report.servers, by: \.status).mapValues(\.count)
let summary = ServerStatus.allCases.compactMap { status in
  counts[status].map { "\($0) \(status.rawValue)" }
}
print("soak: \(options.servers) servers at concurrency \(options.concurrency), "
  + "seed \(options.seed), \(summary.joined(separator: ", ")) in "
  + "\(Int(seconds * 1000)) ms")
removeFolder(state)
exit(failures.isEmpty ? 0 : 1)
