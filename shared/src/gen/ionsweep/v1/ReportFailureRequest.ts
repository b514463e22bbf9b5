// Original file: proto/ionsweep/v1/agent.proto


export interface ReportFailureRequest {
  'agent_id'?: (string);
  'task_id'?: (string);
  'error'?: (string);
  'delivery'?: (number);
  'final'?: (boolean);
}

export interface ReportFailureRequest__Output {
  'agent_id': (string);
  'task_id': (string);
  'error': (string);
  'delivery': (number);
  'final': (boolean);
}
