// v1 Events: discovery entry, field selectors (the involvedObject.* ones `kubectl describe` sends)
// and `kubectl get events` columns (LAST SEEN TYPE REASON OBJECT MESSAGE).
import { column, since } from '../table.ts';
import type { ResourceDef } from './types.ts';

interface EventShape {
  type: string;
  reason: string;
  message: string;
  count?: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
  involvedObject: { kind: string; name: string; fieldPath?: string };
  source?: { component?: string };
}

export const EVENTS: ResourceDef = {
  resource: 'events',
  group: '',
  version: 'v1',
  kind: 'Event',
  listKind: 'EventList',
  singular: 'event',
  shortNames: ['ev'],
  subresources: [],
  fieldLabels: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  columns: [
    column('Last Seen', 'string', 'Time when this Event was last seen'),
    column('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future.'),
    column('Reason', 'string', 'A short, machine understandable reason for this event.'),
    column('Object', 'string', 'The object that this event is about.'),
    column('Message', 'string', 'A human-readable description of the status of this operation.'),
    column('Subobject', 'string', 'Subobject of the involved object', 1),
    column('Source', 'string', 'The component reporting this event.', 1),
    column('First Seen', 'string', 'The time at which the event was first recorded.', 1),
    column('Count', 'string', 'The number of times this event has occurred.', 1),
    column('Name', 'string', 'Name of the event', 1, 'name'),
  ],
  row(object, nowMs) {
    const e = object as unknown as EventShape;
    return [
      since(e.lastTimestamp, nowMs),
      e.type,
      e.reason,
      `${e.involvedObject.kind.toLowerCase()}/${e.involvedObject.name}`,
      e.message.trim(),
      e.involvedObject.fieldPath ?? '',
      e.source?.component ?? '',
      since(e.firstTimestamp, nowMs),
      String(e.count ?? 1),
      object.metadata.name,
    ];
  },
};
