// Original file: proto/ionsweep/v1/sweep.proto


export interface SweepRef {
  'sweep_id'?: (string);
}

export interface SweepRef__Output {
  'sweep_id': (string);
}
