package org.exportcert.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.exportcert.localstack.DataDirectoryLock.DataDirectoryInUseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryLockTest {

  @TempDir Path dir;

  @Test
  void aSecondHolderIsRefusedWithTheDirectoryAndHolderNamed() {
    try (DataDirectoryLock first = DataDirectoryLock.acquire(dir)) {
      assertThatThrownBy(() -> DataDirectoryLock.acquire(dir))
          .isInstanceOf(DataDirectoryInUseException.class)
          .hasMessageContaining(dir.toAbsolutePath().normalize().toString())
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("EXPORTCERT_DATA_DIR");
    }
  }

  @Test
  void theDirectoryCanBeTakenAgainOnceReleased() {
    DataDirectoryLock.acquire(dir).close();
    try (DataDirectoryLock again = DataDirectoryLock.acquire(dir)) {
      assertThat(again.lockFile()).exists();
    }
  }
}
