export async function runReplica() { return { skipped: true }; }
