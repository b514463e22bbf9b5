// Original file: proto/ionsweep/v1/agent.proto


export interface TaskAssignment {
  'task_id'?: (string);
  'spec_json'?: (string);
  'generation'?: (number);
}

export interface TaskAssignment__Output {
  'task_id': (string);
  'spec_json': (string);
  'generation': (number);
}
