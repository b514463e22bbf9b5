// Original file: proto/ionsweep/v1/sweep.proto

import type { SweepStatus as _ionsweep_v1_SweepStatus, SweepStatus__Output as _ionsweep_v1_SweepStatus__Output } from '../../ionsweep/v1/SweepStatus.js';
import type { TaskProgress as _ionsweep_v1_TaskProgress, TaskProgress__Output as _ionsweep_v1_TaskProgress__Output } from '../../ionsweep/v1/TaskProgress.js';

export interface SweepEvent {
  'sweep_id'?: (string);
  'status'?: (_ionsweep_v1_SweepStatus | null);
  'progress'?: (_ionsweep_v1_TaskProgress | null);
  'event'?: "status"|"progress";
}

export interface SweepEvent__Output {
  'sweep_id': (string);
  'status'?: (_ionsweep_v1_SweepStatus__Output | null);
  'progress'?: (_ionsweep_v1_TaskProgress__Output | null);
  'event'?: "status"|"progress";
}
