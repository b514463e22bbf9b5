// Original file: proto/ionsweep/v1/sweep.proto


export interface SweepStatus {
  'sweep_id'?: (string);
  'name'?: (string);
  'state'?: (string);
  'tasks'?: (number);
  'done'?: (number);
  'failed'?: (number);
  'running'?: (number);
  'error'?: (string);
}

export interface SweepStatus__Output {
  'sweep_id': (string);
  'name': (string);
  'state': (string);
  'tasks': (number);
  'done': (number);
  'failed': (number);
  'running': (number);
  'error': (string);
}
