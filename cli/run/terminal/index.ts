// What the run prints while k6 runs and right after: lines beside k6's progress bars, and the notes
// that explain what k6 draws (a scenario marked ✗ that was not interrupted).
export { CLEAR_BELOW, lineBesideProgress } from './live-lines.ts';
export { lastArrivalSeconds, scheduleEndNotes } from './schedule-end.ts';
export type { RateStage } from './schedule-end.ts';
