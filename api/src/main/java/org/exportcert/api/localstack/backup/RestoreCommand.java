package org.exportcert.api.localstack.backup;

import ch.qos.logback.classic.Level;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar exportcert.jar restore <archive> [--data-dir=<dir>] [--verify-only]}: restores
 * a backup into an empty data directory ({@code EXPORTCERT_DATA_DIR}, else {@code ./data}) without
 * starting the application; start it afterwards on that directory as usual.
 */
public final class RestoreCommand {

  private RestoreCommand() {}

  /** The jar's {@code restore} subcommand: runs, then exits with {@link #run}'s code. */
  public static void main(String[] args) {
    quietLibraries();
    System.exit(run(args, System.out, System.err));
  }

  /** @return the process exit code: 0 restored (or verified), 1 refused or failed, 2 wrong usage */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String dataDir = System.getenv().getOrDefault("EXPORTCERT_DATA_DIR", System.getProperty("exportcert.data-dir", "./data"));
    boolean verifyOnly = false;
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--data-dir=")) {
        dataDir = arg.substring("--data-dir=".length());
      } else if (arg.equals("--data-dir") && i + 1 < args.length) {
        dataDir = args[++i];
      } else if (arg.equals("--verify-only")) {
        verifyOnly = true;
      } else if (arg.startsWith("--")) {
        return usage(err);
      } else {
        positional.add(arg);
      }
    }
    if (positional.size() != 1) {
      return usage(err);
    }
    Path archive = Path.of(positional.get(0));
    try {
      if (verifyOnly) {
        BackupManifest manifest = Restore.verify(archive);
        out.println("Archive " + archive + " is intact: " + manifest.parts().size() + " parts, written "
            + manifest.createdAt() + " by ExportCert " + manifest.application());
        out.println("备份文件 " + archive + " 完整：共 " + manifest.parts().size() + " 个部分。");
        return 0;
      }
      Path target = Path.of(dataDir);
      out.println("Restoring " + archive + " into " + target.toAbsolutePath().normalize() + " ...");
      Restore.Summary summary = Restore.restore(archive, target, line -> out.println("restore: " + line));
      out.println("Restored: " + summary.tables() + " tables (" + summary.rows() + " rows), " + summary.objects()
          + " objects, " + summary.journalRecords() + " engine journal records. Start the application with"
          + " EXPORTCERT_DATA_DIR=" + target + " java -jar exportcert.jar");
      out.println("恢复完成：" + summary.tables() + " 张表（" + summary.rows() + " 行）、" + summary.objects()
          + " 个对象、" + summary.journalRecords() + " 条引擎日志记录。请以 EXPORTCERT_DATA_DIR=" + target
          + " 启动应用。");
      return 0;
    } catch (RestoreRefused refused) {
      err.println("Restore refused: " + refused.message(Locale.ROOT));
      err.println("拒绝恢复：" + refused.message(Locale.CHINESE));
      return 1;
    } catch (RuntimeException e) {
      err.println("Restore failed: " + e);
      err.println("恢复失败：" + e);
      return 1;
    }
  }

  private static int usage(PrintStream err) {
    err.println("Usage: java -jar exportcert.jar restore <backup.zip> [--data-dir=<empty directory>] [--verify-only]");
    err.println("用法：java -jar exportcert.jar restore <备份.zip> [--data-dir=<空目录>] [--verify-only]");
    return 2;
  }

  /** Without Spring Boot's logging set-up logback would print every library's debug lines. */
  private static void quietLibraries() {
    Logger root = LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root instanceof ch.qos.logback.classic.Logger logback) {
      logback.setLevel(Level.WARN);
    }
  }
}
