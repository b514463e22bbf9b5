// Original file: proto/ionsweep/v1/sweep.proto


export interface SweepResults {
  'sweep_id'?: (string);
  'results_json'?: (string);
  'results_csv'?: (string);
}

export interface SweepResults__Output {
  'sweep_id': (string);
  'results_json': (string);
  'results_csv': (string);
}
