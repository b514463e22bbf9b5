// Original file: proto/ionsweep/v1/agent.proto


export interface RegisterRequest {
  'agent_id'?: (string);
  'hostname'?: (string);
  'workers'?: (number);
  'engine_version'?: (string);
}

export interface RegisterRequest__Output {
  'agent_id': (string);
  'hostname': (string);
  'workers': (number);
  'engine_version': (string);
}
