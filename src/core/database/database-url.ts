/** The parts of a DATABASE_URL that start-up messages and database creation need. */
export interface DatabaseTarget {
  host: string;
  port: number;
  database: string;
  /** The same server's maintenance database, to create ours from. */
  maintenanceUrl: string;
}

export function parseDatabaseUrl(url: string): DatabaseTarget {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    database,
    maintenanceUrl: maintenance.toString(),
  };
}
