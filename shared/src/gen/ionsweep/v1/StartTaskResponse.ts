// Original file: proto/ionsweep/v1/agent.proto


export interface StartTaskResponse {
  'run'?: (boolean);
  'reason'?: (string);
}

export interface StartTaskResponse__Output {
  'run': (boolean);
  'reason': (string);
}
