// Original file: proto/ionsweep/v1/agent.proto


export interface ReportFailureResponse {
}

export interface ReportFailureResponse__Output {
}
