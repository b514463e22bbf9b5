// Original file: proto/ionsweep/v1/sweep.proto

import type { Long } from '@grpc/proto-loader';

export interface ArtifactChunk {
  'task_id'?: (string);
  'name'?: (string);
  'data'?: (Buffer | Uint8Array | string);
  'size'?: (number | string | Long);
  'last'?: (boolean);
  'missing'?: (boolean);
}

export interface ArtifactChunk__Output {
  'task_id': (string);
  'name': (string);
  'data': (Buffer);
  'size': (number);
  'last': (boolean);
  'missing': (boolean);
}
