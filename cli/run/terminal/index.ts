// What the run prints while k6 runs and right after: lines beside k6's progress bars, and the notes
// that explain what k6 draws (a scenario marked ✗ that was not interrupted) and what the wind-down waits for.
export { CLEAR_BELOW, lineBesideProgress } from './live-lines.ts';
export { lastArrivalSeconds, scheduleEndNotes } from './schedule-end.ts';
export type { RateStage } from './schedule-end.ts';
export { followLines } from './follow-lines.ts';
export type { LineFollower } from './follow-lines.ts';
export { clock, WIND_DOWN_EVERY_MS, WindDown, windDownPlanLine, windDownSample } from './wind-down.ts';
export type { WindDownSample } from './wind-down.ts';
