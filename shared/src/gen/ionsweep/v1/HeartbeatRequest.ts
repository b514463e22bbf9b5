// Original file: proto/ionsweep/v1/agent.proto


export interface HeartbeatRequest {
  'agent_id'?: (string);
  'busy_workers'?: (number);
  'workers'?: (number);
  'running_tasks'?: (string)[];
}

export interface HeartbeatRequest__Output {
  'agent_id': (string);
  'busy_workers': (number);
  'workers': (number);
  'running_tasks': (string)[];
}
