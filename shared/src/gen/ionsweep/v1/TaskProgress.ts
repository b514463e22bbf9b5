// Original file: proto/ionsweep/v1/sweep.proto

import type { Long } from '@grpc/proto-loader';

export interface TaskProgress {
  'task_id'?: (string);
  'step'?: (number | string | Long);
  'total_steps'?: (number | string | Long);
  'stage'?: (string);
  'temperature'?: (number | string);
  'ns_per_day'?: (number | string);
}

export interface TaskProgress__Output {
  'task_id': (string);
  'step': (number);
  'total_steps': (number);
  'stage': (string);
  'temperature': (number);
  'ns_per_day': (number);
}
