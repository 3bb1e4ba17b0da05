// junit.xml: one test suite per gate kind (in the registry's order, cli/verdict/gate-kinds.ts), one
// test case per gate; a failed gate is a <failure> whose message holds the measured value and the
// limit, so CI annotations read on their own; a gate not evaluated is <skipped> with its reason (a
// required one also fails the run through the `run` gate "required gates evaluated"). A gate of a
// kind the registry lacks still gets a suite.
import {
  GATE_KINDS,
  isFailed,
  isNotEvaluated,
  kindDefinition,
  kindsInOrder,
  type GateKindRegistry,
  type GateResult,
  type Verdict,
} from '../verdict/index.ts';

/** XML 1.0 text: escaped, and without the control characters XML cannot carry at all. */
export function escapeXml(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(
        /[&<>"']/g,
        (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] as string,
      )
  );
}

function testcase(g: GateResult): string {
  const open = `    <testcase classname="aurora-load.${g.kind}" name="${escapeXml(g.name)}" time="0">`;
  if (isNotEvaluated(g)) {
    const message = `not evaluated (${g.reason ?? 'data missing'})${g.required ? ', required: the run fails (exit 3)' : ''}: measured ${g.measured}, limit ${g.limit}`;
    return `${open}\n      <skipped message="${escapeXml(message)}">${escapeXml(g.detail ?? message)}</skipped>\n    </testcase>`;
  }
  if (g.passed) {
    return `${open}\n      <system-out>${escapeXml(`measured ${g.measured}; limit ${g.limit}${g.detail ? `; ${g.detail}` : ''}`)}</system-out>\n    </testcase>`;
  }
  const message = `measured ${g.measured}, limit ${g.limit}`;
  return `${open}\n      <failure message="${escapeXml(message)}" type="${g.kind}">${escapeXml(`${message}${g.detail ? `\n${g.detail}` : ''}`)}</failure>\n    </testcase>`;
}

export function renderJunit(verdict: Verdict, registry: GateKindRegistry = GATE_KINDS): string {
  const kinds = kindsInOrder(
    verdict.gates.map((g) => g.kind),
    registry,
  ).filter((k) => verdict.gates.some((g) => g.kind === k));
  const failures = verdict.gates.filter(isFailed).length;
  const skipped = verdict.gates.filter(isNotEvaluated).length;
  const suites = kinds.map((kind) => {
    const gates = verdict.gates.filter((g) => g.kind === kind);
    const failed = gates.filter(isFailed).length;
    const notEvaluated = gates.filter(isNotEvaluated).length;
    return `  <testsuite name="${escapeXml(kindDefinition(kind, registry).junitSuite)}" tests="${gates.length}" failures="${failed}" errors="0" skipped="${notEvaluated}" timestamp="${escapeXml(verdict.startedAt)}">\n${gates.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const name = `aurora-load ${verdict.scenario} ${verdict.profile} on ${verdict.env}`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${escapeXml(name)}" tests="${verdict.gates.length}" failures="${failures}" errors="0" skipped="${skipped}">\n${suites.join('\n')}\n</testsuites>\n`;
}
