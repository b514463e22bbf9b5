// Original file: proto/ionsweep/v1/sweep.proto


export interface ArtifactsRequest {
  'sweep_id'?: (string);
  'task_id'?: (string);
}

export interface ArtifactsRequest__Output {
  'sweep_id': (string);
  'task_id': (string);
}
