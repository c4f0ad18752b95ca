// The servers are started by the same code as the bench's (src/bench/queue-servers.ts).
export { missingServer, startPostgres, startQueueServer, startRedis, type TestServer } from '../../src/bench/queue-servers';
