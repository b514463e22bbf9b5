// Original file: proto/ionsweep/v1/agent.proto


export interface SubmitResultResponse {
  'first'?: (boolean);
}

export interface SubmitResultResponse__Output {
  'first': (boolean);
}
