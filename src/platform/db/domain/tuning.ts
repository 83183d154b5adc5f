/**
 * Settings for the embedded PostgreSQL, sized to the machine it runs on (docs/postgresql.md). The
 * defaults PostgreSQL ships (128 MB shared buffers, 1 GB of WAL between checkpoints) are sized for a
 * small shared machine: at national size the monthly run's writes then go to checkpoints and evictions.
 */

const MB = 1024 * 1024;
const GB = 1024 * MB;

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

const mb = (bytes: number): string => `${Math.floor(bytes / MB)}MB`;

/** The largest buffer pool the embedded server takes (see `shared_buffers` below). */
const POOL_AT_MOST = 640 * MB;

/** `name=value` settings for a server on a machine with `totalMemory` bytes. */
export function tunedSettings(totalMemory: number): Record<string, string> {
  return {
    // A quarter of the memory, at most 640 MB. A server process's resident memory counts every page of the
    // pool it touched (the checkpointer and a run's backend touch all of it), and no process may pass 1 GB
    // (benefits issue); the pool plus the WAL buffers and a backend's own ~110 MB stay under it. Beyond
    // the pool, the operating system's cache serves (docs/benchmarks.md measures the monthly run with it).
    shared_buffers: mb(clamp(totalMemory / 4, 128 * MB, POOL_AT_MOST)),
    effective_cache_size: mb(clamp(totalMemory / 2, 256 * MB, 16 * GB)),
    maintenance_work_mem: mb(clamp(totalMemory / 16, 64 * MB, 1 * GB)),
    work_mem: mb(clamp(totalMemory / 256, 4 * MB, 64 * MB)),
    // Fewer, spread checkpoints: a run writes millions of lines in minutes.
    max_wal_size: '8GB',
    min_wal_size: '1GB',
    checkpoint_timeout: '15min',
    checkpoint_completion_target: '0.9',
    wal_compression: 'on',
    wal_buffers: '64MB',
    // The embedded server's data is on the machine's own disk, normally SSD.
    random_page_cost: '1.1',
  };
}

/** The settings as postgres command-line flags. */
export function settingsAsFlags(settings: Readonly<Record<string, string>>): string[] {
  return Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]);
}
