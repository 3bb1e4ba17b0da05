// k6 test double: Prometheus remote write 1.0 on the wire: a prometheus.WriteRequest protobuf
// (protobufjs, the messages declared below as prompb's types.proto declares them), compressed with
// snappy's block format (snappyjs). Pure; decode() exists for the tests.
import protobuf from 'protobufjs';
import SnappyJS from 'snappyjs';
import type { TimeSeries } from './series.ts';

const PROTO = `
syntax = "proto3";
package prometheus;
message WriteRequest { repeated TimeSeries timeseries = 1; reserved 2; }
message TimeSeries {
  repeated Label labels = 1;
  repeated Sample samples = 2;
  repeated Histogram histograms = 4;
}
message Label { string name = 1; string value = 2; }
message Sample { double value = 1; int64 timestamp = 2; }
message BucketSpan { sint32 offset = 1; uint32 length = 2; }
message Histogram {
  oneof count { uint64 count_int = 1; double count_float = 2; }
  double sum = 3;
  sint32 schema = 4;
  double zero_threshold = 5;
  oneof zero_count { uint64 zero_count_int = 6; double zero_count_float = 7; }
  repeated BucketSpan negative_spans = 8;
  repeated sint64 negative_deltas = 9;
  repeated double negative_counts = 10;
  repeated BucketSpan positive_spans = 11;
  repeated sint64 positive_deltas = 12;
  repeated double positive_counts = 13;
  int32 reset_hint = 14;
  int64 timestamp = 15;
}
`;

const WriteRequest = protobuf.parse(PROTO, { keepCase: true }).root.lookupType('prometheus.WriteRequest');

/** The request headers remote write 1.0 requires. */
export const REMOTE_WRITE_HEADERS = {
  'Content-Encoding': 'snappy',
  'Content-Type': 'application/x-protobuf',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
  'User-Agent': 'k6-test-double',
} as const;

/** A WriteRequest's protobuf bytes (not compressed). */
export function encodeWriteRequest(series: readonly TimeSeries[]): Uint8Array {
  const timeseries = series.map((s) => ({
    labels: s.labels,
    samples: s.samples,
    histograms: s.histograms.map((h) => ({
      count_int: h.count,
      sum: h.sum,
      schema: h.schema,
      zero_threshold: h.zeroThreshold,
      zero_count_int: h.zeroCount,
      negative_spans: h.negativeSpans,
      negative_deltas: h.negativeDeltas,
      positive_spans: h.positiveSpans,
      positive_deltas: h.positiveDeltas,
      timestamp: h.timestamp,
    })),
  }));
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish();
}

/** The body of a push: the WriteRequest, snappy block-compressed. */
export function writeRequestBody(series: readonly TimeSeries[]): Uint8Array {
  return SnappyJS.compress(encodeWriteRequest(series));
}

/** A compressed body back to plain objects (int64 as numbers, field names as in the .proto). */
export function decodeWriteRequestBody(body: Uint8Array): { timeseries: Record<string, unknown>[] } {
  const message = WriteRequest.decode(SnappyJS.uncompress(body));
  return WriteRequest.toObject(message, { longs: Number, defaults: true, oneofs: false }) as {
    timeseries: Record<string, unknown>[];
  };
}
