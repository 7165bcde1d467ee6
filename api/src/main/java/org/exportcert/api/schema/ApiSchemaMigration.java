package org.exportcert.api.schema;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The API's own tables, migrated with their own history table so their versions never interleave
 * with the domain's migrations (both evolve on separate branches). Like the domain's migrations it
 * runs as the migration role when one is configured ({@code spring.flyway.user}), since the
 * application's own role may not change the schema.
 */
@Component
public class ApiSchemaMigration {

  public static final String HISTORY = "api_schema_history";

  public ApiSchemaMigration(
      DataSource dataSource,
      @Value("${spring.flyway.url:${spring.datasource.url:}}") String url,
      @Value("${spring.flyway.user:}") String user,
      @Value("${spring.flyway.password:}") String password) {
    FluentConfiguration flyway = Flyway.configure();
    if (!user.isBlank() && !url.isBlank()) {
      flyway.dataSource(url, user, password);
    } else {
      flyway.dataSource(dataSource);
    }
    flyway
        .table(HISTORY)
        .locations("classpath:db/api-migration")
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
  }
}
