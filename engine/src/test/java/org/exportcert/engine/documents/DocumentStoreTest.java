package org.exportcert.engine.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.exportcert.engine.runtime.EngineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The document store on disk: what a crash can leave behind is cleaned up, nothing written is lost. */
class DocumentStoreTest {

  @TempDir Path dataDirectory;

  @Test
  void leftoversOfAnInterruptedWriteAreNoDocumentAndAreRemoved() throws Exception {
    DocumentStore store = new DocumentStore(dataDirectory, 1024);
    store.create(null, "kept", "whole".getBytes(StandardCharsets.UTF_8), null, "kept.txt", "text/plain");
    Path documents = dataDirectory.resolve("documents");
    // a crash after the content was renamed into place but before its metadata was: no document
    Files.writeString(documents.resolve("half.bin"), "content without metadata");
    // a crash in the middle of writing a temporary file
    Files.writeString(documents.resolve("other.json.tmp"), "{\"documentId\":");

    DocumentStore reopened = new DocumentStore(dataDirectory, 1024);

    assertThat(reopened.read(null, "kept", null, 0).bytes()).isEqualTo("whole".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> reopened.read(null, "half", null, 0))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(documents.resolve("half.bin")).doesNotExist();
    assertThat(documents.resolve("other.json.tmp")).doesNotExist();
    // the id of the lost half-document is free again
    ObjectNode again = reopened.create(null, "half", new byte[] {1}, null, null, null);
    assertThat(again.path("documentId").asText()).isEqualTo("half");
  }

  @Test
  void deletedDocumentAndItsLinksStayDeletedAfterReopening() {
    DocumentStore store = new DocumentStore(dataDirectory, 1024);
    store.create(null, "gone", new byte[] {7}, null, null, null);
    DocumentStore.Link link = store.createLink(null, "gone", null, null, 0);
    store.delete(null, "gone");

    DocumentStore reopened = new DocumentStore(dataDirectory, 1024);

    assertThatThrownBy(() -> reopened.read(null, "gone", null, 0)).isInstanceOf(EngineException.class);
    assertThatThrownBy(() -> reopened.readByLink(link.token(), 0)).isInstanceOf(EngineException.class);
  }

  @Test
  void inMemoryStoreKeepsNothingOnDisk() {
    DocumentStore store = new DocumentStore(null, 4);
    store.create(null, "small", new byte[] {1, 2, 3, 4}, null, null, null);
    assertThat(store.read("local", "small", null, 0).bytes()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> store.create(null, null, new byte[5], null, null, null))
        .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.status()).isEqualTo(413));
  }
}
