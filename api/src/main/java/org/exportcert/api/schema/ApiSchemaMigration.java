package org.exportcert.api.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.stereotype.Component;

/**
 * The API's own tables, migrated with their own history table so their versions never interleave
 * with the domain's migrations (both evolve on separate branches).
 */
@Component
public class ApiSchemaMigration {

  public static final String HISTORY = "api_schema_history";

  public ApiSchemaMigration(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .table(HISTORY)
        .locations("classpath:db/api-migration")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
