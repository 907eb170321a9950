import type { Logger as TypeOrmLogger } from 'typeorm';

/** Counts the SQL statements a DataSource sends (tests assert list queries have no N+1). */
export class QueryCountingLogger implements TypeOrmLogger {
  count = 0;
  logQuery(): void {
    this.count++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
