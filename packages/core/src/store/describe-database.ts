/** Where a connection string points, without its credentials: `host:port/database`. */
export function describeDatabase(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    return `${url.hostname || 'localhost'}:${url.port || 5432}${url.pathname || '/'}`;
  } catch {
    return 'an unparsable connection string';
  }
}
