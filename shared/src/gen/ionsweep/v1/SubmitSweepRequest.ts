// Original file: proto/ionsweep/v1/sweep.proto


export interface SubmitSweepRequest {
  'sweep_yaml'?: (string);
  'sweep_file_name'?: (string);
  'forcefield_yaml'?: (string);
  'forcefield_file_name'?: (string);
}

export interface SubmitSweepRequest__Output {
  'sweep_yaml': (string);
  'sweep_file_name': (string);
  'forcefield_yaml': (string);
  'forcefield_file_name': (string);
}
