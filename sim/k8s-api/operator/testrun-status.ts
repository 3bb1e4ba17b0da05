// A TestRun's status as grafana/k6-operator writes it: `stage` (initialization -> initialized ->
// created -> started -> stopped -> finished, or error) and the conditions TestRunRunning (Unknown
// before the starter, True while runners run, False after) and CloudTestRun (False: a local run).
// Pure: the caller keeps each condition's lastTransitionTime.

export type Stage = 'initialization' | 'initialized' | 'created' | 'started' | 'stopped' | 'finished' | 'error';

export type Running = 'Unknown' | 'True' | 'False';

export interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastTransitionTime: string;
}

const RUNNING_REASON: Record<Running, string> = {
  Unknown: 'TestRunPreparation',
  True: 'TestRunRunningTrue',
  False: 'TestRunRunningFalse',
};

/** The status for a stage; `message` explains an error (it goes on TestRunRunning). */
export function testRunStatus(
  stage: Stage,
  running: Running,
  since: { running: string; created: string },
  message = '',
): { stage: Stage; conditions: Condition[] } {
  return {
    stage,
    conditions: [
      {
        type: 'TestRunRunning',
        status: running,
        reason: stage === 'error' ? 'TestRunError' : RUNNING_REASON[running],
        message,
        lastTransitionTime: since.running,
      },
      {
        type: 'CloudTestRun',
        status: 'False',
        reason: 'CloudTestRunFalse',
        message: '',
        lastTransitionTime: since.created,
      },
    ],
  };
}
