// Original file: proto/ionsweep/v1/sweep.proto

import type { SweepStatus as _ionsweep_v1_SweepStatus, SweepStatus__Output as _ionsweep_v1_SweepStatus__Output } from '../../ionsweep/v1/SweepStatus.js';

export interface ListSweepsResponse {
  'sweeps'?: (_ionsweep_v1_SweepStatus)[];
}

export interface ListSweepsResponse__Output {
  'sweeps': (_ionsweep_v1_SweepStatus__Output)[];
}
