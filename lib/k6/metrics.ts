// The suite's custom k6 metrics (names and meaning in lib/core/metric-names.ts). Import only from k6 code.
import { Counter, Rate, Trend } from 'k6/metrics';
import { METRICS } from '../core/metric-names.ts';

export const wsTimeToFirstMessage = new Trend(METRICS.wsTimeToFirstMessage, true);
export const wsTurnDuration = new Trend(METRICS.wsTurnDuration, true);
export const wsChunksPerTurn = new Trend(METRICS.wsChunksPerTurn);
export const stickySessionOk = new Rate(METRICS.stickySessionOk);
export const wsErrorFrames = new Counter(METRICS.wsErrorFrames);
export const wsTurnDropped = new Rate(METRICS.wsTurnDropped);
export const rcaAcceptLatency = new Trend(METRICS.rcaAcceptLatency, true);
export const rcaTimeToRunning = new Trend(METRICS.rcaTimeToRunning, true);
export const rcaTimeToComplete = new Trend(METRICS.rcaTimeToComplete, true);
export const rcaFailed = new Rate(METRICS.rcaFailed);
export const contractViolations = new Rate(METRICS.contractViolations);
export const llmSpend = new Counter(METRICS.llmSpend);
export const llmChatCost = new Trend(METRICS.llmChatCost);
export const llmChatTokens = new Trend(METRICS.llmChatTokens);
export const llmRcaCost = new Trend(METRICS.llmRcaCost);
export const llmRcaTokens = new Trend(METRICS.llmRcaTokens);
export const restRateLimited = new Counter(METRICS.restRateLimited);
