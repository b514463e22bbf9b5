// Original file: proto/ionsweep/v1/agent.proto


export interface StreamProgressResponse {
}

export interface StreamProgressResponse__Output {
}
