// V8 flags the API process runs with (npm start and the benchmark alike). A GraphQL response
// allocates many short-lived objects per field; a larger young generation lets most of them die in
// a cheap scavenge instead of being promoted (measured in tests/bench/README.md).
export const API_NODE_FLAGS = ['--max-semi-space-size=32'];
