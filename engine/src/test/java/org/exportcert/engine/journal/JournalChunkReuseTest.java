package org.exportcert.engine.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commits reuse written chunks: every record of every batch comes back from the file as it
 * was appended, whatever the batches' sizes (small ones, and one beyond the largest chunk kept).
 */
class JournalChunkReuseTest {

  @Test
  void everyRecordOfReusedChunksIsReplayedAsAppended(@TempDir Path dir) {
    Random random = new Random(8);
    List<String> appended = new ArrayList<>();
    try (Journal journal = Journal.open(dir, false, bytes -> {})) {
      for (int batch = 0; batch < 400; batch++) {
        int records = batch == 200 ? 1_500 : 1 + random.nextInt(40); // batch 200: about 1.5 MiB, grown and not kept
        for (int r = 0; r < records; r++) {
          String record = "{\"batch\":" + batch + ",\"record\":" + r + ",\"pad\":\"" + "x".repeat(random.nextInt(batch == 200 ? 1_000 : 300)) + "\"}";
          journal.append(record);
          appended.add(record);
        }
        ByteBuffer chunk = journal.takeBuffered();
        journal.write(chunk);
        journal.force();
        journal.recycle(chunk);
      }
    }
    List<String> replayed = new ArrayList<>();
    try (Journal journal = Journal.open(dir, false, bytes -> replayed.add(new String(bytes, StandardCharsets.UTF_8)))) {
      assertThat(journal.records()).isEqualTo(appended.size());
    }
    assertThat(replayed).containsExactlyElementsOf(appended);
  }
}
