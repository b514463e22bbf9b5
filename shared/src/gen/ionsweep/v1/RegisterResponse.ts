// Original file: proto/ionsweep/v1/agent.proto


export interface RegisterResponse {
  'heartbeat_interval_ms'?: (number);
}

export interface RegisterResponse__Output {
  'heartbeat_interval_ms': (number);
}
