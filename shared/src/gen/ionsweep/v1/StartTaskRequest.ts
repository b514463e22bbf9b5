// Original file: proto/ionsweep/v1/agent.proto


export interface StartTaskRequest {
  'agent_id'?: (string);
  'task_id'?: (string);
  'generation'?: (number);
  'delivery'?: (number);
}

export interface StartTaskRequest__Output {
  'agent_id': (string);
  'task_id': (string);
  'generation': (number);
  'delivery': (number);
}
