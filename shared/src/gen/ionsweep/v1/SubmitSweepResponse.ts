// Original file: proto/ionsweep/v1/sweep.proto


export interface SubmitSweepResponse {
  'sweep_id'?: (string);
  'tasks'?: (number);
  'reused'?: (number);
}

export interface SubmitSweepResponse__Output {
  'sweep_id': (string);
  'tasks': (number);
  'reused': (number);
}
