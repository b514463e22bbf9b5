// Original file: proto/ionsweep/v1/agent.proto


export interface SubmitResultRequest {
  'agent_id'?: (string);
  'task_id'?: (string);
  'result_json'?: (string);
}

export interface SubmitResultRequest__Output {
  'agent_id': (string);
  'task_id': (string);
  'result_json': (string);
}
